package rules

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
)

// namespaceURL is RFC 9562's name space for URLs,
// 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
var namespaceURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// DeriveID returns a new rule id for a rule derived from the rule with id
// sourceID: a name-based (version 5, SHA-1) UUID, in lower-case 8-4-4-4-12
// form. namespace names the derivation (for example a conversion profile,
// "kqlt:keyvault-to-managedhsm"); it becomes a UUID name space of its own,
// the version 5 UUID of "https://github.com/kqlt/kqlt/rules/" + namespace
// in the URL name space.
//
// The same source id and namespace always give the same id; another
// namespace gives another id. A source id that is a GUID is compared in its
// canonical form, so "{D6491BE0-…}" and "d6491be0-…" derive the same id;
// two versions of one source rule share its id and so derive the same id:
// they are the same rule.
func DeriveID(sourceID, namespace string) string {
	ns := uuidV5(namespaceURL, "https://github.com/kqlt/kqlt/rules/"+namespace)
	name := strings.TrimSpace(sourceID)
	if g := canonicalGUID(name); g != "" {
		name = g
	}
	return formatUUID(uuidV5(ns, name))
}

func uuidV5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

func formatUUID(u [16]byte) string {
	s := hex.EncodeToString(u[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}
