package ui

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"govscape/model"
)

// imageServer serves a one-pixel PNG at every path and counts the requests
// it gets: a note's preview must never make one.
func imageServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	hits := &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(buf.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv, hits
}

// openBlankNote opens the editor of a new, empty note; its window is shown
// (by the test driver) and closed when the test ends.
func openBlankNote(t *testing.T, m *Main) *noteEditor {
	t.Helper()
	before := map[*noteEditor]bool{}
	for _, ed := range m.notes.open {
		before[ed] = true
	}
	m.notes.newNote(nil)
	for _, ed := range m.notes.open {
		if !before[ed] {
			ed.win.Resize(fyne.NewSize(480, 320))
			t.Cleanup(ed.win.Close)
			return ed
		}
	}
	t.Fatal("no editor opened for the new note")
	return nil
}

// settle draws the editor's window, so that every renderer exists and every
// segment of the preview has built its visual, then gives anything loading
// in the background time to arrive.
func settle(ed *noteEditor) {
	ed.win.Canvas().Capture()
	time.Sleep(200 * time.Millisecond)
}

// walkSegments calls f on every segment, depth first, inside paragraphs and lists.
func walkSegments(segs []widget.RichTextSegment, f func(widget.RichTextSegment)) {
	for _, s := range segs {
		f(s)
		if b, ok := s.(widget.RichTextBlock); ok {
			walkSegments(b.Segments(), f)
		}
	}
}

// previewText is all the preview's text, inside paragraphs and lists too
// (RichText.String reads only the top level).
func previewText(ed *noteEditor) string {
	var b strings.Builder
	walkSegments(ed.preview.Segments, func(s widget.RichTextSegment) { b.WriteString(s.Textual()) })
	return b.String()
}

func TestNotePreviewLoadsNoImage(t *testing.T) {
	useManualTimers(t)
	srv, hits := imageServer(t)
	local := filepath.Join(t.TempDir(), "local.png")
	if err := os.WriteFile(local, []byte("not an image, and never to be read"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, _, _ := newTestMainWithStore(t)
	tests := []struct {
		name     string
		markdown string // SRV is the counting server's address, LOCAL a file on this machine
		want     string // in the preview's text: what the reader sees instead of the image
	}{
		{"inline", "![a pixel](SRV/inline.png)", "SRV/inline.png, not loaded"},
		{"inline with title", `![a pixel](SRV/titled.png "the title")`, "[image: the title — SRV/titled.png, not loaded]"},
		{"inline in angle brackets", "![a pixel](<SRV/angle bracket.png>)", "not loaded"},
		{"reference", "![a pixel][r]\n\n[r]: SRV/reference.png", "SRV/reference.png, not loaded"},
		{"collapsed reference", "![r][]\n\n[r]: SRV/collapsed.png", "SRV/collapsed.png, not loaded"},
		{"shortcut reference", "![r]\n\n[r]: SRV/shortcut.png", "SRV/shortcut.png, not loaded"},
		{"reference to a local path", "![a file][z]\n\n[z]: LOCAL", "LOCAL, not loaded"},
		{"inline local path", "![a file](LOCAL)", "LOCAL, not loaded"},
		{"inline file URL", "![a file](file://LOCAL)", "LOCAL, not loaded"},
		{"brackets in alt", "![a [b] c](SRV/brackets.png)", "SRV/brackets.png, not loaded"},
		{"escaped bracket in alt", `![a\]b](SRV/escaped.png)`, "SRV/escaped.png, not loaded"},
		{"escaped parenthesis in address", `![a](SRV/a\)b.png)`, "not loaded"},
		{"entity link as alt", "![[[china]]](SRV/entity.png)", "SRV/entity.png, not loaded"},
		{"image in a link", "[![a](SRV/nested.png)](SRV/page)", "a"},
		{"image in a list", "- one\n- ![a](SRV/list.png)\n  1. ![b][r]\n\n[r]: SRV/sublist.png", "SRV/sublist.png, not loaded"},
		{"image in a quote", "> ![a](SRV/quote.png)", "SRV/quote.png, not loaded"},
		{"image in emphasis and heading", "# ![h](SRV/heading.png)\n\n*![e](SRV/em.png)*", ""},
		{"HTML img", `<img src="SRV/html.png">` + "\n\ntext <img src=SRV/inline-html.png> more", "more"},
		{"autolink", "<SRV/autolink.png>", ""},
	}
	for _, tt := range tests {
		for _, how := range []string{"typed", "pasted"} {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				ed := openBlankNote(t, m)
				r := strings.NewReplacer("SRV", srv.URL, "LOCAL", local)
				before := hits.Load()
				if how == "typed" {
					test.Type(ed.body, r.Replace(tt.markdown)) // one key at a time, a preview after each
				} else {
					ed.body.SetText(r.Replace(tt.markdown))
				}
				settle(ed)
				if got := hits.Load() - before; got != 0 {
					t.Errorf("the preview made %d requests, want 0", got)
				}
				walkSegments(ed.preview.Segments, func(s widget.RichTextSegment) {
					if img, ok := s.(*widget.ImageSegment); ok {
						t.Errorf("an image segment survives in the preview: %v", img.Source)
					}
				})
				for _, o := range test.LaidOutObjects(ed.preview) {
					if img, ok := o.(*canvas.Image); ok {
						t.Errorf("the preview draws an image (file %q, resource %v)", img.File, img.Resource)
					}
				}
				if got, want := previewText(ed), r.Replace(tt.want); !strings.Contains(got, want) {
					t.Errorf("preview reads %q, want it to contain %q", got, want)
				}
			})
		}
	}
}

func TestNotePreviewOpensOnlyWebLinks(t *testing.T) {
	useManualTimers(t)
	m, _, _ := newTestMainWithStore(t)
	tests := []struct {
		name      string
		markdown  string
		wantLinks []string // addresses left as hyperlinks, in order
		wantText  string   // in the preview's text
	}{
		{"https", "[the IGF](https://www.intgovforum.org/)", []string{"https://www.intgovforum.org/"}, "the IGF"},
		{"http reference", "[ITU][i]\n\n[i]: http://www.itu.int/", []string{"http://www.itu.int/"}, "ITU"},
		{"file", "[passwords](file:///etc/passwd)", nil, "passwords (file:///etc/passwd)"},
		{"file reference", "[hosts][h]\n\n[h]: file:///etc/hosts", nil, "hosts (file:///etc/hosts)"},
		{"javascript", "[click](javascript:alert(1))", nil, "click (javascript:alert(1))"},
		{"smb", "[share](smb://fileserver/share)", nil, "share (smb://fileserver/share)"},
		{"mailto", "[write](mailto:someone@example.org)", nil, "write (mailto:someone@example.org)"},
		{"relative", "[minutes](minutes/2015.pdf)", nil, "minutes (minutes/2015.pdf)"},
		{"absolute path", "[hostname](/etc/hostname)", nil, "hostname (/etc/hostname)"},
		{"no host", "[odd](https:///path)", nil, "odd (https:///path)"},
		{"address as text", "[ftp://example.org/x](ftp://example.org/x)", nil, "ftp://example.org/x"},
		{"web and not, in a list and a quote",
			"- [WIC](https://www.wuzhenwic.org/)\n- [local](file:///tmp/x)\n\n> [quoted](smb://h/s) and [kept](https://example.org/)",
			[]string{"https://www.wuzhenwic.org/", "https://example.org/"}, "local (file:///tmp/x)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ed := openBlankNote(t, m)
			test.Type(ed.body, tt.markdown)
			ed.win.Canvas().Capture()
			var links []string
			walkSegments(ed.preview.Segments, func(s widget.RichTextSegment) {
				if l, ok := s.(*widget.HyperlinkSegment); ok {
					if l.URL == nil || !model.IsWebURL(l.URL.String()) {
						t.Errorf("a link to %v survives as a hyperlink", l.URL)
						return
					}
					links = append(links, l.URL.String())
				}
			})
			if got, want := strings.Join(links, " "), strings.Join(tt.wantLinks, " "); got != want {
				t.Errorf("hyperlinks: got %q, want %q", got, want)
			}
			for _, o := range test.LaidOutObjects(ed.preview) {
				if h, ok := o.(*widget.Hyperlink); ok && (h.URL == nil || !model.IsWebURL(h.URL.String())) {
					t.Errorf("the preview draws a hyperlink to %v", h.URL)
				}
			}
			if got := previewText(ed); !strings.Contains(got, tt.wantText) {
				t.Errorf("preview reads %q, want it to contain %q", got, tt.wantText)
			}
		})
	}
}

// The preview's filter keeps a kind of segment it does not know only as text.
func TestNotePreviewKeepsUnknownSegmentsAsText(t *testing.T) {
	got := inertSegments([]widget.RichTextSegment{&unknownSegment{}})
	if len(got) != 1 {
		t.Fatalf("got %d segments, want 1", len(got))
	}
	if txt, ok := got[0].(*widget.TextSegment); !ok || txt.Text != "unknown" {
		t.Errorf("got %#v, want a text segment reading \"unknown\"", got[0])
	}
}

// unknownSegment stands for a kind of segment a later Fyne might add.
type unknownSegment struct{}

func (*unknownSegment) Textual() string { return "unknown" }
func (*unknownSegment) Visual() fyne.CanvasObject {
	panic("the filter built an unknown segment's visual")
}
func (*unknownSegment) Update(fyne.CanvasObject)  {}
func (*unknownSegment) Inline() bool              { return true }
func (*unknownSegment) Select(_, _ fyne.Position) {}
func (*unknownSegment) SelectedText() string      { return "" }
func (*unknownSegment) Unselect()                 {}
