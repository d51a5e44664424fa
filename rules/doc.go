// Package rules reads, validates, edits and deploys Microsoft Sentinel rule
// files: analytic rules (kind Scheduled or NRT) and hunting queries in the
// YAML format of the Azure-Sentinel repository.
//
// # Reading
//
// Parse and Load read one YAML file into a File. Class tells what it holds:
//
//   - AnalyticRule: kind is Scheduled or NRT, or kind is missing and the
//     file has a schedule (queryFrequency, queryPeriod, triggerOperator or
//     triggerThreshold): a Scheduled rule in the 2020-era layout. Other
//     kinds are analytic rules too; Validate and ARMTemplate refuse them.
//   - HuntingQuery: a query: without kind and schedule.
//   - NotARule, with Reason: a parser or function (functionAlias:), no
//     query: key, an empty file, several YAML documents, a top level that
//     is not a mapping.
//
// The folder a file sits in ("Hunting Queries") does not decide its class.
// File.Rule gives the Rule, with typed getters (ID, Name, Query,
// EntityMappings, ...) and generic ones (Scalar, Node, Pos) taking a field
// path such as "entityMappings[1].fieldMappings[0].columnName". Unknown keys
// are kept and readable (Rule.Keys, Rule.Node).
//
// Files must be UTF-8 (a byte order mark is fine) and at most MaxFileSize
// bytes. Text in another encoding is refused with the place of the first
// bad byte and, for Windows code pages, a hint; so are duplicate mapping
// keys (YAML forbids them, Microsoft's CI rejects them). Errors are *Error
// values naming the file, line and column. YAML aliases are never expanded
// while parsing; ARMTemplate expands them with a bound (alias bombs fail).
//
// # Editing
//
// A File keeps its bytes. Rule.Set and Rule.Delete (and SetQuery, SetName,
// SetDescription, SetID, DeleteEntityMapping, ...) replace only the bytes
// of the edited value, in the style it had, then parse the result again
// and check that nothing else changed. A multi-line "query: |" stays a
// literal block with the same indentation; CRLF line ends, a byte order
// mark and a missing final newline stay. File.Bytes of a file that was not
// edited is the input, byte for byte.
//
// Rule.QueryPosition maps a byte offset in the query text to the line and
// column in the file (exactly, for every scalar style: see its
// documentation); positions are 1-based, columns count bytes.
//
// # Validation
//
// Validate implements the rule checks of the Azure-Sentinel repository's CI
// (listed by Checks, codes SR001–SR026) and checks that queries parse with
// package kql (SR010) and are queries, not control commands such as
// .create table, which Sentinel cannot run (SR027). SR040 and SR041 warn about strings and keys that ARM would
// read as expressions once deployed (see below). Findings carry a stable code, a severity, the field path and
// the file position, and print as "file:line:col: code: message".
//
// # ARM templates
//
// ARMTemplate writes deployable ARM templates for one rule or many. An
// analytic rule becomes a Microsoft.OperationalInsights/workspaces/
// providers/alertRules resource, named as the Sentinel portal exports rules:
//
//	"id":   "[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/<id>')]"
//	"name": "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/<id>')]"
//
// with properties mapped from the YAML:
//
//	name                      displayName
//	description               description (without the final line break and the
//	                          single quotes Azure-Sentinel wraps descriptions in,
//	                          as Microsoft's own packaging writes it)
//	severity                  severity
//	enabled                   enabled (true when missing; ARMOptions.Enabled overrides)
//	query                     query (verbatim, but for the escape below)
//	queryFrequency            queryFrequency, ISO 8601 (1d → P1D, 5h → PT5H, 30m → PT30M)  [Scheduled]
//	queryPeriod               queryPeriod, ISO 8601                                       [Scheduled]
//	triggerOperator           triggerOperator (gt, lt, eq, ne → GreaterThan, LessThan,
//	                          Equal, NotEqual)                                           [Scheduled]
//	triggerThreshold          triggerThreshold                                           [Scheduled]
//	suppressionDuration       suppressionDuration, ISO 8601 (PT1H when missing, as
//	                          Microsoft's packaging writes it)
//	suppressionEnabled        suppressionEnabled (false when missing)
//	tactics                   tactics
//	relevantTechniques        techniques (T1078.004 → T1078) and subTechniques
//	                          (T1078.004); subTechniques need API version 2023-12-01+
//	incidentConfiguration     incidentConfiguration, completed with the portal's
//	                          defaults (createIncident true, grouping disabled,
//	                          lookback PT5H, AllEntities)
//	eventGroupingSettings     eventGroupingSettings ({aggregationKind: SingleAlert} when missing)
//	alertDetailsOverride      alertDetailsOverride
//	customDetails             customDetails
//	entityMappings            entityMappings
//	sentinelEntitiesMappings  sentinelEntitiesMappings
//	id                        the resource name (a GUID; see DeriveID for new ids)
//	kind                      the resource kind (Scheduled when missing)
//	version                   templateVersion, with alertRuleTemplateName = id, only
//	                          with ARMOptions.UpstreamTemplates for unedited files
//
// The apiVersion is DefaultScheduledAPIVersion (2025-06-01) for Scheduled
// rules and DefaultNRTAPIVersion (2024-01-01-preview) for NRT rules, which
// no stable version defines; ARMOptions.APIVersion overrides both.
//
// YAML fields with no slot in alertRules, left out of the template:
// requiredDataConnectors and status (gallery-template properties:
// Microsoft's AlertRuleTemplates carry them, deployed rules do not), tags,
// metadata, version (see above), and any unknown key; for NRT rules also
// queryFrequency, queryPeriod, triggerOperator and triggerThreshold, which
// the NRT kind does not have.
//
// A hunting query becomes a Microsoft.OperationalInsights/workspaces/
// savedSearches resource, as Microsoft's solutions deploy hunting queries:
// category "Hunting Queries", displayName from name, the query, version 2,
// and tags "description", "tactics" and "techniques" (comma-separated).
// Its other fields (requiredDataConnectors, entityMappings, ...) have no
// slot in a saved search.
//
// Strings are data. ARM evaluates a string that starts with "[" and ends
// with "]" as an expression; every string ARMTemplate writes from a rule
// (name, description, query, alertDetailsOverride, customDetails, entity
// mappings, ...) that has this form gets one more leading "[", ARM's
// escape ("[[x]" reads as the literal "[x]"). "[Preview] My rule", which
// does not end with "]", is already literal and stays as it is. Only the
// template's own expressions (the parameters('workspace') concat of the
// resource id and name) are expressions. A mapping key of this form is
// refused: ARM neither evaluates nor unescapes keys.
//
// The output is deterministic: the same files and options give the same
// bytes, JSON with a stable key order and 2-space indentation. A template of
// many rules refuses two rules with the same id, naming both files.
//
// # Ids
//
// DeriveID derives a new rule id from a source id and a namespace string
// (UUID version 5): a converted rule is a new custom rule and needs its own
// id, the same one every time it is converted.
package rules
