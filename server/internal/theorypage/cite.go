package theorypage

import (
	"regexp"
	"strings"
)

// citation matches a reference to a section of this document as the code,
// the help texts and the README write it: "THEORY §2.4", "§2.4", a range
// "§2.1-2.5" or "§1–2" (each end is checked), lists "§4, §5" and
// "§2.2/§2.6" (each § is its own match). Paper sections are roman, "Mitra
// §III", "§II-A", and never match.
var citation = regexp.MustCompile(`§\s?(\d+(?:\.\d+)*)(?:\s?[-–]\s?(\d+(?:\.\d+)*))?`)

// Cited returns the section numbers that text cites, in order, both ends of
// a range included: "THEORY §2.1-2.5 and §3" gives 2.1, 2.5, 3.
func Cited(text string) []string {
	var out []string
	for _, m := range citation.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, text[m[2]:m[3]])
		if m[4] >= 0 {
			out = append(out, text[m[4]:m[5]])
		}
	}
	return out
}

// Has reports whether the section num is among secs.
func Has(secs []Section, num string) bool {
	for _, s := range secs {
		if s.Num == strings.TrimSpace(num) {
			return true
		}
	}
	return false
}
