package rules

// Tables from the Azure-Sentinel repository's rule validation
// (.script/tests/detectionTemplateSchemaValidation: AttackTactic.cs,
// EntityType.cs, EntityMappingIdentifiers.cs).

// tactics are the MITRE ATT&CK tactics Sentinel accepts.
var tactics = []string{
	"InitialAccess", "Execution", "Persistence", "PrivilegeEscalation", "DefenseEvasion",
	"CredentialAccess", "Discovery", "LateralMovement", "Collection", "Exfiltration",
	"CommandAndControl", "Impact", "Reconnaissance", "ResourceDevelopment",
	"ImpairProcessControl", "InhibitResponseFunction",
}

type identifiers struct {
	valid    []string
	required [][]string // one of these sets must be mapped
}

func one(ids ...string) [][]string {
	out := make([][]string, len(ids))
	for i, id := range ids {
		out[i] = []string{id}
	}
	return out
}

// entityIdentifiers maps each entity type to its identifiers.
var entityIdentifiers = map[string]identifiers{
	"Account": {
		[]string{"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"},
		one("FullName", "Sid", "Name", "AadUserId", "PUID", "ObjectGuid"),
	},
	"AzureResource":    {[]string{"ResourceId"}, one("ResourceId")},
	"CloudApplication": {[]string{"AppId", "Name", "InstanceName"}, one("AppId", "Name")},
	"DNS":              {[]string{"DomainName"}, one("DomainName")},
	"File":             {[]string{"Directory", "Name"}, one("Name")},
	"FileHash":         {[]string{"Algorithm", "Value"}, [][]string{{"Algorithm", "Value"}}},
	"Host": {
		[]string{"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
		one("FullName", "HostName", "NetBiosName", "AzureID", "OMSAgentID"),
	},
	"IoTDevice": {
		[]string{"DeviceId", "DeviceName", "Manufacturer", "Model", "FirmwareVersion", "OperatingSystem", "MacAddress", "Protocols", "SerialNumber", "Source", "IoTSecurityAgentId", "DeviceType"},
		one("DeviceId"),
	},
	"IP":      {[]string{"Address"}, one("Address")},
	"Mailbox": {[]string{"MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"}, one("MailboxPrimaryAddress")},
	"MailCluster": {
		[]string{"NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType", "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup"},
		one("Query", "Source"),
	},
	"MailMessage": {
		[]string{"Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "BodyFingerprintBin1", "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4", "BodyFingerprintBin5", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language", "ThreatDetectionMethods"},
		one("NetworkMessageId", "Recipient"),
	},
	"Malware":       {[]string{"Name", "Category"}, one("Name")},
	"Process":       {[]string{"ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"}, one("CommandLine", "ProcessId")},
	"RegistryKey":   {[]string{"Hive", "Key"}, one("Key", "Hive")},
	"RegistryValue": {[]string{"Name", "Value", "ValueType"}, one("Name")},
	"SecurityGroup": {[]string{"DistinguishedName", "SID", "ObjectGuid"}, one("DistinguishedName", "SID", "ObjectGuid")},
	"SubmissionMail": {
		[]string{"NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType", "SubmissionId", "SubmissionDate", "Submitter"},
		one("SubmissionId", "NetworkMessageId", "Recipient", "Submitter"),
	},
	"URL": {[]string{"Url"}, one("Url")},
}
