// Package docs holds the documents Govscape shows inside the app, offline:
// the codebook that says how every stance score is coded.
package docs

import (
	_ "embed"
	"strings"
)

// Codebook is docs/CODEBOOK.md, the coding rules of the stance axes.
//
//go:embed CODEBOOK.md
var Codebook string

// CodebookSection returns the codebook's section on one axis: from its
// heading ("## <axis id> — …") up to the next heading of the same level.
func CodebookSection(axisID string) (string, bool) {
	prefix := "## " + axisID + " "
	lines := strings.SplitAfter(Codebook, "\n")
	start := -1
	for i, l := range lines {
		if start < 0 {
			if strings.HasPrefix(l, prefix) {
				start = i
			}
			continue
		}
		if strings.HasPrefix(l, "## ") {
			return strings.TrimSpace(strings.Join(lines[start:i], "")), true
		}
	}
	if start < 0 {
		return "", false
	}
	return strings.TrimSpace(strings.Join(lines[start:], "")), true
}
