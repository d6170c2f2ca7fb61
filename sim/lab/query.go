package lab

import (
	"net/url"
	"strings"
)

// parseLab returns the first lab= value of a query, tolerating a malformed rest.
func parseLab(query string) (string, error) {
	for _, kv := range strings.Split(strings.TrimPrefix(query, "?"), "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "lab" {
			return url.QueryUnescape(v)
		}
	}
	return "", nil
}
