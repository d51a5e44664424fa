package types_test

import (
	"encoding/json"
	"os"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql/types"
)

// memDB is a Database held in memory, for tests.
type memDB struct {
	tables map[string]*types.Table
	funcs  map[string]*types.Function
	names  []string
}

func (d *memDB) Table(name string) *types.Table       { return d.tables[name] }
func (d *memDB) Function(name string) *types.Function { return d.funcs[name] }
func (d *memDB) TableNames() []string                 { return d.names }

// newMemDB builds a database from tables written as KQL writes schemas:
// "SigninLogs(TimeGenerated:datetime, UserPrincipalName:string)". A
// table whose list ends with ", *" is open.
func newMemDB(tables ...string) *memDB {
	d := &memDB{tables: map[string]*types.Table{}, funcs: map[string]*types.Function{}}
	for _, spec := range tables {
		name, cols, _ := strings.Cut(strings.TrimSuffix(spec, ")"), "(")
		t := &types.Table{Name: name}
		for _, c := range strings.Split(cols, ",") {
			c = strings.TrimSpace(c)
			if c == "*" {
				t.Open = true
				continue
			}
			cn, ct, _ := strings.Cut(c, ":")
			k, ok := types.ParseKind(ct)
			if !ok {
				panic("bad type in " + spec)
			}
			t.Columns = append(t.Columns, &types.Column{Name: cn, Type: k, Table: t})
		}
		d.tables[name] = t
		d.names = append(d.names, name)
	}
	sort.Strings(d.names)
	return d
}

// withFunction adds a workspace function.
func (d *memDB) withFunction(f *types.Function) *memDB {
	d.funcs[f.Name] = f
	return d
}

// writeOracleSchema writes the tables as the official parser's --schema
// JSON, {"Table": {"Column": "type"}}, and returns the file's path.
func (d *memDB) writeOracleSchema(dir string) (string, error) {
	m := map[string]map[string]string{}
	for name, t := range d.tables {
		cols := map[string]string{}
		for _, c := range t.Columns {
			cols[c.Name] = c.Type.String()
		}
		m[name] = cols
	}
	data, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	path := dir + "/schema.json"
	return path, os.WriteFile(path, data, 0o644)
}

// testDB is the database of the package's tests: a few Microsoft
// Sentinel tables, abridged.
var testDB = newMemDB(
	"SigninLogs(TimeGenerated:datetime, UserPrincipalName:string, UserId:string, ResultType:string, IPAddress:string, LocationDetails:dynamic, AppDisplayName:string, DurationMs:long, Status:dynamic)",
	"AuditLogs(TimeGenerated:datetime, OperationName:string, InitiatedBy:dynamic, TargetResources:dynamic, Result:string, Category:string)",
	"SecurityEvent(TimeGenerated:datetime, EventID:int, Account:string, Computer:string, IpAddress:string, LogonType:int, Activity:string)",
	"Heartbeat(TimeGenerated:datetime, Computer:string, OSType:string, ComputerIP:string)",
	"AzureDiagnostics(TimeGenerated:datetime, OperationName:string, ResourceType:string, CallerIPAddress:string, identity_claim_upn_s:string, ResultType:string, Resource:string, id_s:string)",
	"DeviceEvents(Timestamp:datetime, DeviceName:string, ActionType:string, AdditionalFields:dynamic, InitiatingProcessFileName:string)",
	"ThreatIntelligenceIndicator(TimeGenerated:datetime, NetworkIP:string, Active:bool, ExpirationDateTime:datetime, ConfidenceScore:real)",
)
