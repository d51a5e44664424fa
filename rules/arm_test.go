package rules

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/rules/golden")

var (
	keyvaultDir = filepath.Join("..", "testdata", "rules", "keyvault")
	goldenDir   = filepath.Join("..", "testdata", "rules", "golden")
)

func loadKeyVault(t *testing.T, name string) *File {
	t.Helper()
	f, err := Load(filepath.Join(keyvaultDir, name))
	require.NoError(t, err)
	return f
}

// golden compares got with the golden file, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		require.NoError(t, os.MkdirAll(goldenDir, 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./rules -run %s -update", t.Name())
	assert.Equal(t, string(want), string(got), "differs from %s; run with -update and review the diff", path)
}

type armResource struct {
	Type       string         `json:"type"`
	Kind       string         `json:"kind"`
	APIVersion string         `json:"apiVersion"`
	Name       string         `json:"name"`
	ID         string         `json:"id"`
	Properties map[string]any `json:"properties"`
}

type armTemplate struct {
	Schema         string                    `json:"$schema"`
	ContentVersion string                    `json:"contentVersion"`
	Parameters     map[string]map[string]any `json:"parameters"`
	Resources      []armResource             `json:"resources"`
}

func emit(t *testing.T, opts ARMOptions, files ...*File) ([]byte, armTemplate) {
	t.Helper()
	out, err := ARMTemplate(files, opts)
	require.NoError(t, err)
	var tmpl armTemplate
	require.NoError(t, json.Unmarshal(out, &tmpl), "the template parses as JSON")
	return out, tmpl
}

// TestARMGolden writes every Key Vault rule as a template of its own and
// all of them in one template.
func TestARMGolden(t *testing.T) {
	var all []*File
	for _, name := range []string{
		"KeyVaultSensitiveOperations.yaml", "NRT_KeyVaultSensitiveOperations.yaml",
		"KeyvaultMassSecretRetrieval.yaml", "TimeSeriesKeyvaultAccessAnomaly.yaml",
		"IPEntity_AzureKeyVault.yaml", "AzureKeyVaultAccessManipulation.yaml",
	} {
		f := loadKeyVault(t, name)
		all = append(all, f)
		out, tmpl := emit(t, ARMOptions{}, f)
		golden(t, strings.TrimSuffix(name, ".yaml")+".json", out)
		require.Len(t, tmpl.Resources, 1)
		again, err := ARMTemplate([]*File{loadKeyVault(t, name)}, ARMOptions{})
		require.NoError(t, err)
		assert.Equal(t, out, again, "same input, same bytes")
	}
	out, tmpl := emit(t, ARMOptions{}, all...)
	golden(t, "keyvault-all.json", out)
	assert.Len(t, tmpl.Resources, 6)
	assert.Equal(t, armSchema, tmpl.Schema)
	assert.Equal(t, "1.0.0.0", tmpl.ContentVersion)
	assert.Equal(t, map[string]map[string]any{"workspace": {"type": "String"}}, tmpl.Parameters)
}

// microsoftRules reads Microsoft's packaging of the Key Vault rules: the
// AlertRuleTemplates resources by rule id.
func microsoftRules(t *testing.T) map[string]armResource {
	data, err := os.ReadFile(filepath.Join(keyvaultDir, "AzureKeyVault.mainTemplate.json"))
	require.NoError(t, err)
	var pkg struct {
		Variables map[string]any `json:"variables"`
		Resources []struct {
			Properties struct {
				MainTemplate struct {
					Resources []armResource `json:"resources"`
				} `json:"mainTemplate"`
			} `json:"properties"`
		} `json:"resources"`
	}
	require.NoError(t, json.Unmarshal(data, &pkg))
	ref := regexp.MustCompile(`^\[variables\('(analyticRuleObject\d+)'\)\.(_analyticRulecontentId\d+)\]$`)
	out := map[string]armResource{}
	for _, r := range pkg.Resources {
		for _, inner := range r.Properties.MainTemplate.Resources {
			if inner.Type != "Microsoft.SecurityInsights/AlertRuleTemplates" {
				continue
			}
			m := ref.FindStringSubmatch(inner.Name)
			require.NotNil(t, m, inner.Name)
			obj := pkg.Variables[m[1]].(map[string]any)
			out[obj[m[2]].(string)] = inner
		}
	}
	require.Len(t, out, 4)
	return out
}

// TestARMMatchesMicrosoft compares the emitted rules with Microsoft's own
// rendering of the same rules (AzureKeyVault.mainTemplate.json, solution
// 3.0.2), property by property.
//
// Microsoft packages the rules as AlertRuleTemplates (gallery templates:
// apiVersion 2022-04-01-preview, enabled false) where a deployed rule is an
// alertRules resource (apiVersion per kind, enabled true), so this test
// emits with Enabled false, and the resource type, name and apiVersion
// differ by design. Remaining differences, all explained:
//
//   - status and requiredDataConnectors: template-only properties;
//     alertRules has no slot for them (see the package documentation).
//   - incidentConfiguration and eventGroupingSettings: we write the
//     portal's defaults; Microsoft's templates leave them to the portal.
//   - key order inside entity mappings: Microsoft's packager sorts keys
//     (fieldMappings before entityType), we keep the portal's order; JSON
//     objects are unordered, so the comparison below does not see it.
//   - Mass secret retrieval and TimeSeries anomaly: Microsoft's package
//     carries newer versions (1.0.7 and 1.0.5) than the YAML (1.0.5, 1.0.4).
//     Mass secret retrieval differs in query and entity mappings (1.0.7
//     adds ResourceId and maps the account by Name); TimeSeries only in
//     entity mappings (Name instead of ObjectGuid). Everything else matches.
func TestARMMatchesMicrosoft(t *testing.T) {
	ms := microsoftRules(t)
	disabled := false
	for _, tc := range []struct {
		file     string
		versions []string // properties that differ because the versions differ
	}{
		{"KeyVaultSensitiveOperations.yaml", nil},
		{"NRT_KeyVaultSensitiveOperations.yaml", nil},
		{"KeyvaultMassSecretRetrieval.yaml", []string{"entityMappings", "query"}},
		{"TimeSeriesKeyvaultAccessAnomaly.yaml", []string{"entityMappings"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f := loadKeyVault(t, tc.file)
			r, err := f.Rule()
			require.NoError(t, err)
			_, tmpl := emit(t, ARMOptions{Enabled: &disabled}, f)
			ours := tmpl.Resources[0]
			theirs, ok := ms[r.ID()]
			require.True(t, ok, "Microsoft's package has rule %s", r.ID())

			assert.Equal(t, theirs.Kind, ours.Kind)
			assert.Equal(t, "2022-04-01-preview", theirs.APIVersion)
			var both, onlyOurs, onlyTheirs, differ []string
			for k, v := range ours.Properties {
				tv, ok := theirs.Properties[k]
				if !ok {
					onlyOurs = append(onlyOurs, k)
					continue
				}
				both = append(both, k)
				if !assert.ObjectsAreEqual(tv, v) {
					differ = append(differ, k)
				}
			}
			for k := range theirs.Properties {
				if _, ok := ours.Properties[k]; !ok {
					onlyTheirs = append(onlyTheirs, k)
				}
			}
			sort.Strings(both)
			sort.Strings(differ)
			t.Logf("compared %d properties: %v", len(both), both)
			assert.ElementsMatch(t, []string{"requiredDataConnectors", "status"}, onlyTheirs)
			assert.ElementsMatch(t, []string{"eventGroupingSettings", "incidentConfiguration"}, onlyOurs)
			assert.Equal(t, tc.versions, differ)
			for _, k := range differ {
				t.Logf("%s differs (Microsoft's package holds a newer version of the rule)", k)
			}
			// The properties the issue names are among those compared.
			want := []string{"displayName", "description", "severity", "enabled", "query", "suppressionDuration",
				"suppressionEnabled", "tactics", "techniques", "entityMappings"}
			if ours.Kind == "Scheduled" {
				want = append(want, "queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold")
			}
			assert.Subset(t, both, want)
		})
	}
}

// armCounterparts maps YAML keys to where ARMTemplate writes them.
var armCounterparts = map[string]string{
	"name": "displayName", "description": "description", "severity": "severity", "query": "query",
	"queryFrequency": "queryFrequency", "queryPeriod": "queryPeriod", "triggerOperator": "triggerOperator",
	"triggerThreshold": "triggerThreshold", "suppressionDuration": "suppressionDuration",
	"suppressionEnabled": "suppressionEnabled", "tactics": "tactics", "relevantTechniques": "techniques",
	"techniques": "techniques", "entityMappings": "entityMappings", "customDetails": "customDetails",
	"alertDetailsOverride": "alertDetailsOverride", "eventGroupingSettings": "eventGroupingSettings",
	"incidentConfiguration": "incidentConfiguration", "sentinelEntitiesMappings": "sentinelEntitiesMappings",
	"enabled": "enabled",
}

// nrtOnlyScheduled are YAML keys an NRT rule's ARM resource has no slot for.
var nrtOnlyScheduled = map[string]bool{"queryFrequency": true, "queryPeriod": true, "triggerOperator": true, "triggerThreshold": true}

// checkCarried checks that every YAML field with an ARM counterpart is in
// the emitted resource.
func checkCarried(t *testing.T, r *Rule, res armResource) {
	t.Helper()
	name := r.File().Name()
	assert.Contains(t, res.Name, canonicalGUID(r.ID()), "%s: id", name)
	if r.Class() == HuntingQuery {
		assert.Equal(t, "Microsoft.OperationalInsights/workspaces/savedSearches", res.Type)
		assert.Equal(t, r.Name(), res.Properties["displayName"], name)
		assert.Equal(t, r.Query(), res.Properties["query"], name)
		tags := map[string]string{}
		for _, tg := range res.Properties["tags"].([]any) {
			m := tg.(map[string]any)
			tags[m["name"].(string)] = m["value"].(string)
		}
		for key, tag := range map[string]string{"description": "description", "tactics": "tactics", "relevantTechniques": "techniques", "techniques": "techniques"} {
			if r.Node(key) != nil {
				assert.Contains(t, tags, tag, "%s: %s", name, key)
			}
		}
		return
	}
	assert.Equal(t, r.Kind(), res.Kind, name)
	assert.Equal(t, r.Name(), res.Properties["displayName"], name)
	assert.Equal(t, r.Query(), res.Properties["query"], name)
	for _, key := range r.Keys() {
		prop, ok := armCounterparts[key]
		if !ok || r.Kind() == "NRT" && nrtOnlyScheduled[key] {
			continue
		}
		assert.Contains(t, res.Properties, prop, "%s: YAML %s has ARM counterpart %s", name, key, prop)
	}
}

func TestARMCarriesYAMLFields(t *testing.T) {
	for _, p := range yamlFiles(t, keyvaultDir) {
		f, err := Load(p)
		require.NoError(t, err)
		r, err := f.Rule()
		require.NoError(t, err)
		_, tmpl := emit(t, ARMOptions{}, f)
		checkCarried(t, r, tmpl.Resources[0])
	}
}

// TestCorpusARM emits a template for every rule of the shared corpus. A
// rule ARM cannot take (an id that is not a GUID, an unknown trigger
// operator) is refused with an error naming file and line; every template
// written parses as JSON and carries each YAML field that has an ARM
// counterpart.
func TestCorpusARM(t *testing.T) {
	shared := sharedDir(t)
	var emitted, refused int
	reasons := map[string]int{}
	for _, p := range yamlFiles(t, filepath.Join(shared, "corpus", "rules")) {
		f, err := Load(p)
		if err != nil {
			continue // the cp1252 file
		}
		r, err := f.Rule()
		if err != nil {
			continue
		}
		out, err := ARMTemplate([]*File{f}, ARMOptions{})
		if err != nil {
			var re *Error
			require.ErrorAs(t, err, &re, "%s: %v", p, err)
			assert.Equal(t, p, re.File)
			assert.Positive(t, re.Pos.Line, "%v", err)
			reasons[re.Field+": "+regexp.MustCompile(`".*"`).ReplaceAllString(re.Msg, "…")]++
			refused++
			continue
		}
		var tmpl armTemplate
		require.NoError(t, json.Unmarshal(out, &tmpl), p)
		checkCarried(t, r, tmpl.Resources[0])
		emitted++
	}
	t.Logf("%d templates written, %d rules refused: %v", emitted, refused, reasons)
	assert.Greater(t, emitted, 550)
}

func TestARMAPIVersions(t *testing.T) {
	sched := loadKeyVault(t, "KeyVaultSensitiveOperations.yaml")
	nrt := loadKeyVault(t, "NRT_KeyVaultSensitiveOperations.yaml")
	_, tmpl := emit(t, ARMOptions{}, sched, nrt)
	assert.Equal(t, DefaultScheduledAPIVersion, tmpl.Resources[0].APIVersion)
	assert.Equal(t, "2025-06-01", tmpl.Resources[0].APIVersion)
	assert.Equal(t, DefaultNRTAPIVersion, tmpl.Resources[1].APIVersion)
	assert.Equal(t, "2024-01-01-preview", tmpl.Resources[1].APIVersion)

	_, tmpl = emit(t, ARMOptions{APIVersion: "2023-12-01-preview"}, sched, nrt)
	assert.Equal(t, "2023-12-01-preview", tmpl.Resources[0].APIVersion)
	assert.Equal(t, "2023-12-01-preview", tmpl.Resources[1].APIVersion)

	_, err := ARMTemplate([]*File{nrt}, ARMOptions{APIVersion: "2025-06-01"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NRT_KeyVaultSensitiveOperations.yaml:45:7: kind: NRT rules need a preview API version")
}

func TestARMSubTechniques(t *testing.T) {
	f, err := Parse("sub.yaml", []byte(mutate(t, baseRule, "  - T1485", "  - T1078.004\n  - T1485\n  - T1078\n  - T1078.001")))
	require.NoError(t, err)
	_, tmpl := emit(t, ARMOptions{}, f)
	p := tmpl.Resources[0].Properties
	assert.Equal(t, []any{"T1078", "T1485"}, p["techniques"])
	assert.Equal(t, []any{"T1078.004", "T1078.001"}, p["subTechniques"])

	_, err = ARMTemplate([]*File{f}, ARMOptions{APIVersion: "2023-11-01"})
	require.Error(t, err)
	assert.Equal(t, "sub.yaml:17:3: relevantTechniques: sub-technique T1078.004 needs API version 2023-12-01 or later; 2023-11-01 has no subTechniques", err.Error())
	_, err = ARMTemplate([]*File{f}, ARMOptions{APIVersion: "2023-12-01-preview"})
	assert.NoError(t, err)

	// Without sub-techniques an old API version is fine, and there is no
	// subTechniques property.
	g := loadKeyVault(t, "KeyVaultSensitiveOperations.yaml")
	_, tmpl = emit(t, ARMOptions{APIVersion: "2022-11-01"}, g)
	assert.NotContains(t, tmpl.Resources[0].Properties, "subTechniques")
}

func TestARMMapping(t *testing.T) {
	text := mutate(t, baseRule, "queryFrequency: 1d\nqueryPeriod: 1d\ntriggerOperator: gt\ntriggerThreshold: 0",
		"queryFrequency: 30m\nqueryPeriod: 5h\ntriggerOperator: ne\ntriggerThreshold: 3\nsuppressionDuration: 2h\nsuppressionEnabled: true\nenabled: false")
	text += "incidentConfiguration:\n  createIncident: false\n  groupingConfiguration:\n    enabled: true\n    lookbackDuration: 1d\n    groupByEntities:\n      - Account\n"
	f, err := Parse("map.yaml", []byte(text))
	require.NoError(t, err)
	_, tmpl := emit(t, ARMOptions{}, f)
	res := tmpl.Resources[0]
	assert.Equal(t, "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/d6491be0-ab2d-439d-95d6-ad8ea39277c5')]", res.Name)
	assert.Equal(t, "[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/d6491be0-ab2d-439d-95d6-ad8ea39277c5')]", res.ID)
	assert.Equal(t, "Microsoft.OperationalInsights/workspaces/providers/alertRules", res.Type)
	p := res.Properties
	assert.Equal(t, "PT30M", p["queryFrequency"])
	assert.Equal(t, "PT5H", p["queryPeriod"])
	assert.Equal(t, "NotEqual", p["triggerOperator"])
	assert.Equal(t, 3.0, p["triggerThreshold"])
	assert.Equal(t, "PT2H", p["suppressionDuration"])
	assert.Equal(t, true, p["suppressionEnabled"])
	assert.Equal(t, false, p["enabled"], "the YAML's enabled: is kept")
	assert.Equal(t, "Identifies when sensitive Azure Key Vault operations are used.", p["description"])
	assert.Equal(t, map[string]any{"Operation": "OperationName"}, p["customDetails"])
	assert.Equal(t, map[string]any{"alertDisplayNameFormat": "{{OperationName}} on {{Resource}}", "alertDescriptionFormat": "Operation {{OperationName}}"}, p["alertDetailsOverride"])
	assert.Equal(t, map[string]any{
		"createIncident": false,
		"groupingConfiguration": map[string]any{
			"enabled": true, "reopenClosedIncident": false, "lookbackDuration": "P1D", "matchingMethod": "AllEntities",
			"groupByEntities": []any{"Account"}, "groupByAlertDetails": []any{}, "groupByCustomDetails": []any{},
		},
	}, p["incidentConfiguration"])
	assert.NotContains(t, p, "alertRuleTemplateName", "a custom rule has no template")

	on := true
	_, tmpl = emit(t, ARMOptions{Enabled: &on}, f)
	assert.Equal(t, true, tmpl.Resources[0].Properties["enabled"])

	// Duration forms: ISO 8601 passes through, TimeSpan is converted.
	for in, want := range map[string]string{"1d": "P1D", "14d": "P14D", "5h": "PT5H", "24h": "PT24H", "30m": "PT30M", "PT1H": "PT1H", "p1d": "P1D", "01:30:00": "PT1H30M", "1.00:00:00": "P1D"} {
		got, err := armDuration(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err = armDuration("90s")
	assert.Error(t, err)
}

func TestARMUpstreamTemplates(t *testing.T) {
	f := loadKeyVault(t, "KeyVaultSensitiveOperations.yaml")
	_, tmpl := emit(t, ARMOptions{UpstreamTemplates: true}, f)
	p := tmpl.Resources[0].Properties
	assert.Equal(t, "d6491be0-ab2d-439d-95d6-ad8ea39277c5", p["alertRuleTemplateName"])
	assert.Equal(t, "1.0.4", p["templateVersion"])

	// An edited (converted) rule is a custom rule: no template reference.
	r, err := f.Rule()
	require.NoError(t, err)
	require.NoError(t, r.SetName("Sensitive Managed HSM operations"))
	_, tmpl = emit(t, ARMOptions{UpstreamTemplates: true}, f)
	assert.NotContains(t, tmpl.Resources[0].Properties, "alertRuleTemplateName")
	assert.NotContains(t, tmpl.Resources[0].Properties, "templateVersion")
}

func TestARMErrors(t *testing.T) {
	kv := loadKeyVault(t, "KeyvaultMassSecretRetrieval.yaml")
	seed := loadKeyVault(t, filepath.Join("seed-era", "KeyvaultMassSecretRetrieval.yaml"))
	_, err := ARMTemplate([]*File{kv, seed}, ARMOptions{})
	require.Error(t, err)
	assert.Equal(t, filepath.Join(keyvaultDir, "seed-era", "KeyvaultMassSecretRetrieval.yaml")+
		":1:5: id: rule id 24f8c234-d1ff-40ec-8b73-96b17a3a9c1c is also the id of "+
		filepath.Join(keyvaultDir, "KeyvaultMassSecretRetrieval.yaml")+
		":1; one template cannot hold two rules with one id (give converted rules new ids with DeriveID)", err.Error())

	for _, tc := range []struct{ name, text, want string }{
		{"not a rule", "functionAlias: X\nquery: T\n", "x.yaml:1:1: not a rule: a parser (function) definition: it has functionAlias"},
		{"no id", mutate(t, baseRule, "id: d6491be0-ab2d-439d-95d6-ad8ea39277c5\n", ""), "x.yaml:1:1: id: missing; a rule needs a GUID id to be deployed"},
		{"bad id", mutate(t, baseRule, "id: d6491be0-ab2d-439d-95d6-ad8ea39277c5", "id: rule-1"), `x.yaml:1:5: id: "rule-1" is not a GUID`},
		{"trigger", mutate(t, baseRule, "triggerOperator: gt", "triggerOperator: gte"), `x.yaml:12:18: triggerOperator: "gte" is not gt, lt, eq or ne`},
		{"frequency", mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: daily"), `x.yaml:10:17: queryFrequency: "daily" is not a duration (expected 5m, 1h, 1d or ISO 8601 such as PT5H)`},
		{"query list", mutate(t, baseRule, "query: |\n  AzureDiagnostics\n", "query:\n  - AzureDiagnostics\nq: |\n"), "x.yaml:19:3: query: must be a string, not a sequence"},
		{"kind", mutate(t, baseRule, "kind: Scheduled", "kind: Fusion"), `x.yaml:35:7: kind: "Fusion" is not a kind this tool deploys (Scheduled, NRT)`},
		{"severity", mutate(t, baseRule, "severity: Low", "severity: Critical"), `x.yaml:5:11: severity: "Critical" is not one of Informational, Low, Medium, High`},
		{"custom details", mutate(t, baseRule, "customDetails:\n  Operation: OperationName", "customDetails:\n  - OperationName"), "x.yaml:28:3: customDetails: must be a mapping, not a sequence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("x.yaml", []byte(tc.text))
			require.NoError(t, err)
			_, err = ARMTemplate([]*File{f}, ARMOptions{})
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestARMAliasBomb(t *testing.T) {
	text := baseRule + "m0: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range "bcdefg" {
		text += fmt.Sprintf("m%c: &%c [%s]\n", n, n, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 10), ", "))
		prev = string(n)
	}
	text += "sentinelEntitiesMappings: *g\n" // 10^7 values once expanded
	f, err := Parse("bomb.yaml", []byte(text))
	require.NoError(t, err, "parsing does not expand aliases")
	assert.Empty(t, codes(Validate(f), SeverityError), "validation does not expand aliases")
	_, err = ARMTemplate([]*File{f}, ARMOptions{})
	require.Error(t, err)
	assert.Equal(t, "bomb.yaml:43:27: sentinelEntitiesMappings: expands to more than 100000 values (YAML aliases)", err.Error())
}

func TestARMHuntingQuery(t *testing.T) {
	f := loadKeyVault(t, "AzureKeyVaultAccessManipulation.yaml")
	_, tmpl := emit(t, ARMOptions{}, f)
	res := tmpl.Resources[0]
	assert.Equal(t, "Microsoft.OperationalInsights/workspaces/savedSearches", res.Type)
	assert.Equal(t, DefaultSavedSearchAPIVersion, res.APIVersion)
	assert.Equal(t, "[concat(parameters('workspace'),'/8eff7055-9138-4edc-b8f0-48ea27e23c3c')]", res.Name)
	assert.Equal(t, "Hunting Queries", res.Properties["category"])
	assert.Equal(t, 2.0, res.Properties["version"])
	assert.Equal(t, []any{
		map[string]any{"name": "description", "value": "Identifies when a user is added and then removed to an Azure Key Vault access policy within a short time period. \nThis may be a sign of credential access and persistence."},
		map[string]any{"name": "tactics", "value": "CredentialAccess"},
		map[string]any{"name": "techniques", "value": "T1555"},
	}, res.Properties["tags"])
}

func TestDeriveID(t *testing.T) {
	const ns = "kqlt:keyvault-to-managedhsm"
	// Values computed with Python's uuid.uuid5.
	assert.Equal(t, "7b276a68-af51-5ffa-a84c-0424b901bb34", DeriveID("d6491be0-ab2d-439d-95d6-ad8ea39277c5", ns))
	assert.Equal(t, "7b276a68-af51-5ffa-a84c-0424b901bb34", DeriveID("{D6491BE0-AB2D-439D-95D6-AD8EA39277C5}", ns), "GUIDs compare canonically")
	assert.Equal(t, "01f460ba-2f85-5711-8ba2-68ccae2865da", DeriveID("d6491be0-ab2d-439d-95d6-ad8ea39277c5", "other"), "another namespace, another id")
	assert.Equal(t, "ab41b6f2-33a6-55ac-b06e-14faa7196d9b", DeriveID("not-a-guid", ns))
	// Two versions of one rule share the id, hence the derived id.
	a, b := loadKeyVault(t, "KeyvaultMassSecretRetrieval.yaml"), loadKeyVault(t, filepath.Join("seed-era", "KeyvaultMassSecretRetrieval.yaml"))
	ra, _ := a.Rule()
	rb, _ := b.Rule()
	assert.Equal(t, DeriveID(ra.ID(), ns), DeriveID(rb.ID(), ns))
}

// TestARMSpelling: values Sentinel reads ignoring case deploy in the
// schema's spelling (kind: scheduled is a Scheduled rule).
func TestARMSpelling(t *testing.T) {
	src := baseRule
	for _, r := range [][2]string{{"kind: Scheduled", "kind: scheduled"}, {"severity: Low", "severity: low"}, {"triggerOperator: gt", "triggerOperator: GT"}} {
		require.Contains(t, src, r[0])
		src = strings.Replace(src, r[0], r[1], 1)
	}
	f, err := Parse("lower.yaml", []byte(src))
	require.NoError(t, err)
	r, err := f.Rule()
	require.NoError(t, err)
	assert.Equal(t, "Scheduled", r.Kind())
	out, tmpl := emit(t, ARMOptions{}, f)
	assert.Equal(t, "Scheduled", tmpl.Resources[0].Kind, string(out))
	assert.Contains(t, string(out), `"severity": "Low"`)
	assert.Contains(t, string(out), `"triggerOperator": "GreaterThan"`)
	assert.Contains(t, string(out), `"queryFrequency": "P1D"`)
}

func TestCanonicalSpelling(t *testing.T) {
	for _, tc := range []struct {
		field, value, want string
		ok                 bool
	}{
		{"kind", "scheduled", "Scheduled", true},
		{"kind", "NRT", "NRT", true},
		{"kind", "Fusion", "Fusion", false},
		{"severity", "MEDIUM", "Medium", true},
		{"triggerOperator", "greaterthan", "GreaterThan", true},
		{"name", "x", "x", false},
	} {
		got, ok := CanonicalSpelling(tc.field, tc.value)
		assert.Equal(t, tc.want, got, tc.value)
		assert.Equal(t, tc.ok, ok, tc.value)
	}
}
