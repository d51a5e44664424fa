package schema

import (
	"strings"

	"github.com/kqlt/kqlt/kql/types"
)

// The workspace functions every Microsoft Sentinel workspace has. Their
// sources are Microsoft's documentation and the Azure-Sentinel repository
// (MIT); see data/README.md. Where the columns of a result are not certain
// the result schema is open, so that the binder never reports a column
// that may exist.

// watchlistColumns are the columns _GetWatchlist adds to a watchlist's own
// (which vary by watchlist: its result is open). The order is that of the
// function's body, as Microsoft's troubleshooting guidance shows it:
// summarize arg_max(_DTTimestamp, _DTItemStatus, LastUpdatedTimeUTC,
// SearchKey, WatchlistItem) by _DTItemId, then project-away _DTTimestamp,
// _DTItemStatus.
var watchlistColumns = []colDef{
	{"_DTItemId", types.String},
	{"LastUpdatedTimeUTC", types.DateTime},
	{"SearchKey", types.String},
	{"WatchlistItem", types.Dynamic},
}

// asimCommonColumns are the fields common to every ASIM schema, with the
// types of "The ASIM common schema fields reference" (Microsoft Learn,
// normalization-common-fields). Each schema adds its own; the results of
// the parsers are open.
var asimCommonColumns = []colDef{
	{"TimeGenerated", types.DateTime},
	{"Type", types.String},
	{"EventMessage", types.String},
	{"EventCount", types.Int},
	{"EventStartTime", types.DateTime},
	{"EventEndTime", types.DateTime},
	{"EventType", types.String},
	{"EventSubType", types.String},
	{"EventResult", types.String},
	{"EventResultDetails", types.String},
	{"EventUid", types.String},
	{"EventOriginalUid", types.String},
	{"EventOriginalType", types.String},
	{"EventOriginalSubType", types.String},
	{"EventOriginalResultDetails", types.String},
	{"EventSeverity", types.String},
	{"EventOriginalSeverity", types.String},
	{"EventProduct", types.String},
	{"EventProductVersion", types.String},
	{"EventVendor", types.String},
	{"EventSchema", types.String},
	{"EventSchemaVersion", types.String},
	{"EventReportUrl", types.String},
	{"EventOwner", types.String},
	{"Dvc", types.String},
	{"DvcIpAddr", types.String},
	{"DvcHostname", types.String},
	{"DvcDomain", types.String},
	{"DvcDomainType", types.String},
	{"DvcFQDN", types.String},
	{"DvcDescription", types.String},
	{"DvcId", types.String},
	{"DvcIdType", types.String},
	{"DvcMacAddr", types.String},
	{"DvcZone", types.String},
	{"DvcOs", types.String},
	{"DvcOsVersion", types.String},
	{"DvcAction", types.String},
	{"DvcOriginalAction", types.String},
	{"DvcInterface", types.String},
	{"DvcScopeId", types.String},
	{"DvcScope", types.String},
	{"AdditionalFields", types.Dynamic},
}

// asimParsers are the filtering parameters of the built-in unifying ASIM
// parsers, _Im_<Schema>, after starttime and endtime (which all have).
// Each list is the ParserParams of the parser's workspace-deployed
// equivalent im<Schema> in the Azure-Sentinel repository
// (Parsers/ASim<Schema>/Parsers/im<Schema>.yaml, whose
// EquivalentBuiltInParser names the built-in one), joined with the
// parameters Microsoft Learn lists for the schema's parsers
// (normalization-about-workspace-parsers) and the pack and disabled
// parameters the parsers take. All are optional. A parameter the service
// does not have is a missed error at worst; a parameter missing here would
// be a false one.
var asimParsers = []struct {
	schema string
	params string // name:type, ...
}{
	{"AlertEvent", "ipaddr_has_any_prefix:dynamic, hostname_has_any:dynamic, username_has_any:dynamic, attacktactics_has_any:dynamic, attacktechniques_has_any:dynamic, threatcategory_has_any:dynamic, alertverdict_has_any:dynamic, eventseverity_has_any:dynamic, pack:bool, disabled:bool"},
	{"AuditEvent", "srcipaddr_has_any_prefix:dynamic, actorusername_has_any:dynamic, operation_has_any:dynamic, eventtype_in:dynamic, eventresult:string, object_has_any:dynamic, newvalue_has_any:dynamic, pack:bool, disabled:bool"},
	{"Authentication", "username_has_any:dynamic, targetappname_has_any:dynamic, srcipaddr_has_any_prefix:dynamic, srchostname_has_any:dynamic, eventtype_in:dynamic, eventresultdetails_in:dynamic, eventresult:string, pack:bool, targetusername_has_any:dynamic, actorusername_has_any:dynamic, targetipaddr_has_any_prefix:dynamic, dvcipaddr_has_any_prefix:dynamic, dvchostname_has_any:dynamic, disabled:bool"},
	{"DhcpEvent", "srcipaddr_has_any_prefix:dynamic, srchostname_has_any:dynamic, srcusername_has_any:dynamic, eventresult:string, disabled:bool, pack:bool"},
	{"Dns", "srcipaddr:string, domain_has_any:dynamic, responsecodename:string, response_has_ipv4:string, response_has_any_prefix:dynamic, eventtype:string, pack:bool, disabled:bool"},
	{"FileEvent", "eventtype_in:dynamic, srcipaddr_has_any_prefix:dynamic, actorusername_has_any:dynamic, targetfilepath_has_any:dynamic, srcfilepath_has_any:dynamic, hashes_has_any:dynamic, dvchostname_has_any:dynamic, disabled:bool, pack:bool"},
	{"NetworkSession", "srcipaddr_has_any_prefix:dynamic, dstipaddr_has_any_prefix:dynamic, ipaddr_has_any_prefix:dynamic, dstportnumber:int, hostname_has_any:dynamic, dvcaction:dynamic, eventresult:string, pack:bool, disabled:bool"},
	{"ProcessEvent", processParams},
	{"ProcessCreate", processParams},
	{"ProcessTerminate", processParams},
	{"RegistryEvent", "eventtype_in:dynamic, actorusername_has_any:dynamic, registrykey_has_any:dynamic, registryvalue_has_any:dynamic, registryvaluedata_has_any:dynamic, dvchostname_has_any:dynamic, disabled:bool, pack:bool"},
	{"UserManagement", "srcipaddr_has_any_prefix:dynamic, targetusername_has_any:dynamic, actorusername_has_any:dynamic, eventtype_in:dynamic, pack:bool, disabled:bool"},
	{"WebSession", "srcipaddr_has_any_prefix:dynamic, ipaddr_has_any_prefix:dynamic, url_has_any:dynamic, httpuseragent_has_any:dynamic, eventresultdetails_in:dynamic, eventresult:string, eventresultdetails_has_any:dynamic, disabled:bool, pack:bool"},
}

const processParams = "commandline_has_any:dynamic, commandline_has_all:dynamic, commandline_has_any_ip_prefix:dynamic, actingprocess_has_any:dynamic, targetprocess_has_any:dynamic, parentprocess_has_any:dynamic, targetusername:string, dvcipaddr_has_any_prefix:dynamic, dvcname_has_any:dynamic, hashes_has_any:dynamic, eventtype:string, targetusername_has:string, actorusername_has:string, dvchostname_has_any:dynamic, disabled:bool, pack:bool"

// builtinFunctions returns the workspace functions of Default.
func builtinFunctions() map[string]*types.Function {
	fns := map[string]*types.Function{
		// _GetWatchlist('alias') returns the items of a watchlist: its
		// own columns (open) and SearchKey, the column chosen as its key
		// (Microsoft Learn: watchlists-queries).
		"_GetWatchlist": {
			Name:   "_GetWatchlist",
			Params: []*types.Param{{Name: "watchlistAlias", Type: types.String}},
			Result: resultSchema(watchlistColumns),
		},
		// _GetWatchlistAlias lists the watchlists of the workspace
		// (Microsoft Learn: watchlists-queries).
		"_GetWatchlistAlias": {
			Name:   "_GetWatchlistAlias",
			Result: &types.Schema{Open: true},
		},
	}
	for _, p := range asimParsers {
		// The filtering parser, _Im_<Schema>(starttime, endtime, ...).
		im := &types.Function{
			Name: "_Im_" + p.schema,
			Params: []*types.Param{
				{Name: "starttime", Type: types.DateTime, Optional: true},
				{Name: "endtime", Type: types.DateTime, Optional: true},
			},
			Result: resultSchema(asimCommonColumns),
		}
		for _, f := range strings.Split(p.params, ",") {
			name, typ, _ := strings.Cut(strings.TrimSpace(f), ":")
			kind, _ := ParseType(typ)
			im.Params = append(im.Params, &types.Param{Name: name, Type: kind, Optional: true})
		}
		fns[im.Name] = im
		// The parameter-less parser, _ASim_<Schema>; some versions take
		// pack.
		asim := &types.Function{
			Name:   "_ASim_" + p.schema,
			Params: []*types.Param{{Name: "pack", Type: types.Bool, Optional: true}},
			Result: resultSchema(asimCommonColumns),
		}
		fns[asim.Name] = asim
	}
	return fns
}

// resultSchema returns an open schema with the columns cols.
func resultSchema(cols []colDef) *types.Schema {
	s := &types.Schema{Open: true, Columns: make([]*types.Column, len(cols))}
	for i, c := range cols {
		s.Columns[i] = &types.Column{Name: c.name, Type: c.kind}
	}
	return s
}
