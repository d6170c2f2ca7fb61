//go:build !js

package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The section of the theory each lab's title links to (lab.Lab.Theory).
var labSection = map[string]string{
	"batch":     "s2",
	"critical":  "s2-5",
	"consensus": "s3",
	"variance":  "s4",
	"armijo":    "s5",
}

// theoryLinksJS lists the page's theory links (app.js: the lab's title and
// every "§n" of the help texts, notes and readout), and the text nodes that
// still hold a "§n" outside a link (the presets' titles are links to
// presets already, and paper sections are roman, so neither counts).
const theoryLinksJS = `(() => {
	const links = [...document.querySelectorAll('a.theory')].map((a) => ({
		href: a.href, text: a.textContent, title: !!a.closest('#labtitle'),
		target: a.target, rel: a.rel}));
	const unlinked = [];
	const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = w.nextNode(); n; n = w.nextNode()) {
		const p = n.parentElement;
		if (!/§\s?\d/.test(n.data) || p.closest('a, #presets, option, script, textarea')) continue;
		unlinked.push(n.data);
	}
	const labs = [...document.querySelectorAll('#labpick option')].map((o) => o.value);
	return JSON.stringify({links, unlinked, labs});
})()`

type theoryLinks struct {
	Links []struct {
		Href   string `json:"href"`
		Text   string `json:"text"`
		Title  bool   `json:"title"`
		Target string `json:"target"`
		Rel    string `json:"rel"`
	} `json:"links"`
	Unlinked []string `json:"unlinked"`
	Labs     []string `json:"labs"`
}

var htmlID = regexp.MustCompile(`\sid="([^"]+)"`)

// TestTheory opens every lab, follows every theory link on its page (the
// title and the § links) to the server — 200, and an element with the
// link's anchor in the served theory page — then opens the theory page at
// an anchor, on a desktop and a phone-width screen, and audits it with
// axe-core: no violation of any impact.
func TestTheory(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)

	get := func(u string) (int, string, []byte) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), b
	}
	code, ctype, page := get(base + "/theory")
	if code != 200 || !strings.HasPrefix(ctype, "text/html") {
		t.Fatalf("/theory: %d %s", code, ctype)
	}
	ids := map[string]bool{}
	for _, m := range htmlID.FindAllSubmatch(page, -1) {
		ids[string(m[1])] = true
	}
	for _, s := range labSection {
		if !ids[s] {
			t.Errorf("the theory page has no id %q", s)
		}
	}
	if code, ctype, _ := get(base + "/theory.css"); code != 200 || !strings.HasPrefix(ctype, "text/css") {
		t.Errorf("/theory.css: %d %s", code, ctype)
	}

	status := map[string]int{} // by URL without the fragment
	checkLink := func(t *testing.T, lab, text, href string) {
		t.Helper()
		u, err := url.Parse(href)
		if err != nil {
			t.Errorf("%s: link %q: %v", lab, text, err)
			return
		}
		frag := u.Fragment
		u.Fragment = ""
		if !strings.HasPrefix(u.String(), base+"/") {
			t.Errorf("%s: link %q goes to %s, not to the lab's server", lab, text, href)
			return
		}
		if _, ok := status[u.String()]; !ok {
			status[u.String()], _, _ = get(u.String())
		}
		if c := status[u.String()]; c != 200 || u.Path != "/theory" {
			t.Errorf("%s: link %q → %s: HTTP %d", lab, text, href, c)
		}
		if !ids[frag] {
			t.Errorf("%s: link %q → %s: the theory page has no id %q", lab, text, href, frag)
		}
	}

	t.Run("Links", func(t *testing.T) {
		first := newTab(t, browser)
		first.navigate(base + "/?v=1&lab=batch")
		waitReady(first)
		var l theoryLinks
		if err := json.Unmarshal([]byte(mustEval[string](first, theoryLinksJS)), &l); err != nil {
			t.Fatal(err)
		}
		labs, batch := l.Labs, l
		if len(labs) < len(labSection) {
			t.Fatalf("labs in the picker: %v", labs)
		}
		for _, name := range labs {
			l := batch
			if name != "batch" {
				tb := newTab(t, browser)
				tb.navigate(base + "/?v=1&lab=" + url.QueryEscape(name))
				waitReady(tb)
				l = theoryLinks{} // json.Unmarshal would reuse batch's slices
				if err := json.Unmarshal([]byte(mustEval[string](tb, theoryLinksJS)), &l); err != nil {
					t.Fatal(err)
				}
			}
			titles, cites := 0, 0
			for _, a := range l.Links {
				checkLink(t, name, a.Text, a.Href)
				if a.Target != "_blank" || !strings.Contains(a.Rel, "noopener") {
					t.Errorf("%s: link %q: target %q rel %q, want a new tab with noopener", name, a.Text, a.Target, a.Rel)
				}
				if a.Title {
					titles++
					if want := labSection[name]; want != "" && !strings.HasSuffix(a.Href, "/theory#"+want) {
						t.Errorf("%s: the title links to %s, want theory#%s", name, a.Href, want)
					}
				} else {
					cites++
				}
			}
			if titles != 1 || cites == 0 {
				t.Errorf("%s: %d title link(s) and %d § links; want 1 and some", name, titles, cites)
			}
			for _, s := range l.Unlinked {
				t.Errorf("%s: a § reference is not a link: %q", name, s)
			}
			t.Logf("%s: %d theory links, all resolve", name, len(l.Links))
		}
	})

	// embed=1 still works: the page starts, and the header with the links
	// is hidden (so nothing there needs a click).
	t.Run("Embed", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(base + small + "&embed=1")
		waitReady(tb)
		if !mustEval[bool](tb, `document.body.classList.contains('embed') && getComputedStyle(document.querySelector('.top')).display === 'none'`) {
			t.Error("embed=1: not in embed mode")
		}
	})

	for _, size := range []struct {
		name string
		w, h int64
	}{{"Desktop", 0, 0}, {"Phone", 390, 844}} {
		t.Run("Axe"+size.name, func(t *testing.T) {
			tb := newTab(t, browser)
			if size.w > 0 {
				resize(tb, size.w, size.h)
			}
			injectAxe(tb)
			tb.navigate(base + "/theory#s2-6")
			if got := mustEval[string](tb, `(document.querySelector(':target') || {}).id || ''`); got != "s2-6" {
				t.Errorf("theory#s2-6: the target is %q", got)
			}
			if !mustEval[bool](tb, `getComputedStyle(document.body).fontFamily !== '' && document.styleSheets.length === 1 && document.styleSheets[0].cssRules.length > 0`) {
				t.Error("the theory page's stylesheet did not load")
			}
			if sw := mustEval[float64](tb, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); sw > 0 {
				t.Errorf("the page scrolls sideways by %v px", sw)
			}
			if vs := audit(tb, "theory page "+size.name); len(vs) > 0 {
				t.Errorf("axe: %d violation(s) on the theory page", len(vs))
			}
			if href := mustEval[string](tb, `document.querySelector('.top a').getAttribute('href')`); href != "./" {
				t.Errorf("the link back to the lab is %q", href)
			}
			writeArtifact(t, "theory-"+strings.ToLower(size.name)+".png", tb.screenshotFull())
		})
	}
}
