// Package theorypage turns docs/theory.md, the theory the simulator
// computes, into the page the server serves at /theory: one HTML document,
// rendered at build time with goldmark (CommonMark plus GitHub tables), with
// a contents list, a link back to the lab, and a stable anchor on every
// numbered section: the heading "2.4 Near-optimal step" gets id="s2-4", so
// the lab's links theory#s2-4 and the code's citations "THEORY §2.4" name the
// same place.
//
// Raw HTML in the Markdown is dropped (goldmark's default): the page holds
// only what the renderer makes, and the server's CSP (no inline script or
// style) needs nothing more than the stylesheet theory.css beside it.
package theorypage

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// numbered matches a heading that starts with a section number: "2", "2.4",
// "10.1" (a trailing dot is allowed: "2. Mini-batch SGD").
var numbered = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?\s`)

// ID is the anchor of section num: "2.4" → "s2-4", "3" → "s3".
func ID(num string) string { return "s" + strings.ReplaceAll(num, ".", "-") }

// A Section is a numbered heading of the document.
type Section struct {
	Num   string // "2.4"
	Title string // the heading's text after the number
	Level int    // 2 for ##, 3 for ###
}

// ID is the section's anchor.
func (s Section) ID() string { return ID(s.Num) }

// Sections lists the numbered headings of the Markdown md, in order.
func Sections(md []byte) []Section {
	doc := newMarkdown().Parser().Parse(text.NewReader(md))
	var out []Section
	for _, h := range headings(doc) {
		if num, title, ok := headingNumber(h, md); ok {
			out = append(out, Section{Num: num, Title: title, Level: h.Level})
		}
	}
	return out
}

// headings returns the headings of doc in order.
func headings(doc ast.Node) []*ast.Heading {
	var hs []*ast.Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return hs
}

// headingNumber is the section number and the rest of heading h's source
// text; ok is false for an unnumbered heading.
func headingNumber(h *ast.Heading, src []byte) (num, title string, ok bool) {
	raw := strings.TrimSpace(string(h.Lines().Value(src)))
	m := numbered.FindStringSubmatch(raw + " ")
	if m == nil {
		return "", "", false
	}
	return m[1], strings.TrimSpace(strings.TrimPrefix(raw[len(m[1]):], ".")), true
}

// anchors sets the id of every numbered heading (ID) and, for the others,
// a slug of their text prefixed with "h-", so that no unnumbered id can
// collide with a section's.
type anchors struct{}

func (anchors) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	seen := map[string]bool{}
	for _, h := range headings(doc) {
		id := ""
		if num, _, ok := headingNumber(h, src); ok {
			id = ID(num)
		} else {
			id = "h-" + slug(string(h.Lines().Value(src)))
		}
		for base, i := id, 2; seen[id]; i++ {
			id = fmt.Sprintf("%s-%d", base, i)
		}
		seen[id] = true
		h.SetAttributeString("id", []byte(id))
	}
}

// slug is s in lower case with every run of other characters than ASCII
// letters and digits replaced by one '-'.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(anchors{}, 100))),
	)
}

// Options are the parts of the page around the rendered document.
type Options struct {
	Title    string // the <title>; the document's first heading by default
	Back     string // href of the link back to the lab, "./" by default
	Style    string // href of the stylesheet, "theory.css" by default
	Lang     string // the page's language, "en" by default
	Contents bool   // list the numbered sections at the top
}

// Render returns the HTML page of the Markdown md.
func Render(md []byte, o Options) ([]byte, error) {
	if o.Back == "" {
		o.Back = "./"
	}
	if o.Style == "" {
		o.Style = "theory.css"
	}
	if o.Lang == "" {
		o.Lang = "en"
	}
	if o.Title == "" {
		o.Title = firstHeading(md)
	}
	var body bytes.Buffer
	if err := newMarkdown().Convert(md, &body); err != nil {
		return nil, err
	}
	esc := html.EscapeString
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!doctype html>
<html lang="%s">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="%s">
</head>
<body>
<a class="skip" href="#doc">Skip to the text</a>
<header class="top"><nav aria-label="Site"><a href="%s">← back to the lab</a></nav></header>
`, esc(o.Lang), esc(o.Title), esc(o.Style), esc(o.Back))
	// The contents go after the title (the first h1) when there is one.
	head, rest := []byte(nil), body.Bytes()
	if i := bytes.Index(rest, []byte("</h1>\n")); i >= 0 && bytes.HasPrefix(rest, []byte("<h1")) {
		head, rest = rest[:i+6], rest[i+6:]
	}
	b.WriteString("<main id=\"doc\">\n")
	b.Write(head)
	if o.Contents {
		b.WriteString("<nav class=\"toc\" aria-labelledby=\"toch\">\n<h2 id=\"toch\">Contents</h2>\n<ul>\n")
		for _, s := range Sections(md) {
			fmt.Fprintf(&b, "<li class=\"l%d\"><a href=\"#%s\">%s %s</a></li>\n", s.Level, s.ID(), esc(s.Num), esc(plain(s.Title)))
		}
		b.WriteString("</ul>\n</nav>\n")
	}
	b.Write(rest)
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// firstHeading is the text of md's first heading, without Markdown marks.
func firstHeading(md []byte) string {
	doc := newMarkdown().Parser().Parse(text.NewReader(md))
	if hs := headings(doc); len(hs) > 0 {
		return plain(strings.TrimSpace(string(hs[0].Lines().Value(md))))
	}
	return "Theory"
}

// plain drops the code marks (`) a heading may carry, for places that show
// text only. (Headings carry no emphasis: m* and λ_1 are plain text.)
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

// idAttr matches the id attributes of a rendered page.
var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

// IDs lists the id attributes of the HTML page p, in order.
func IDs(p []byte) []string {
	var ids []string
	for _, m := range idAttr.FindAllSubmatch(p, -1) {
		ids = append(ids, string(m[1]))
	}
	return ids
}
