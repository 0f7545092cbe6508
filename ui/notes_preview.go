package ui

import (
	"fyne.io/fyne/v2/widget"

	"govscape/model"
)

// previewSegments parses a note's Markdown into rich-text segments that are
// safe to show: no image is fetched or read (each is named instead), and a
// link opens only if it is an http or https address; any other link is shown
// as its text and address.
//
// The filter works on what Fyne's Markdown parser produced, not on the
// Markdown text, so every way of writing an image or a link (reference
// definitions, brackets or escapes in the text, links nested in links) meets
// it in the same form.
func previewSegments(markdown string) []widget.RichTextSegment {
	// Only a segment's Visual loads an image, and a RichText builds visuals
	// when refreshed, resized or measured — even one with no renderer, which
	// is why ParseMarkdown (it refreshes) must never see unfiltered text.
	// NewRichTextFromMarkdown only parses; its widget is dropped here unshown.
	return inertSegments(widget.NewRichTextFromMarkdown(markdown).Segments)
}

// inertSegments filters segments in place, descending into paragraphs and
// lists. Kinds it does not know (a later Fyne may add some) are kept as their
// text only, so nothing new can load by surprise.
func inertSegments(segs []widget.RichTextSegment) []widget.RichTextSegment {
	out := segs[:0]
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.TextSegment, *widget.SeparatorSegment:
			out = append(out, s)
		case *widget.ParagraphSegment:
			s.Texts = inertSegments(s.Texts)
			out = append(out, s)
		case *widget.ListSegment:
			s.Items = inertSegments(s.Items)
			out = append(out, s)
		case *widget.HyperlinkSegment:
			if s.URL != nil && model.IsWebURL(s.URL.String()) {
				out = append(out, s)
			} else {
				out = append(out, unopenedLink(s))
			}
		case *widget.ImageSegment:
			out = append(out, unloadedImage(s))
		default:
			out = append(out, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: s.Textual()})
		}
	}
	return out
}

// unopenedLink shows a link that Govscape will not open as plain text with
// its address, so the reader still sees where it pointed.
func unopenedLink(l *widget.HyperlinkSegment) *widget.TextSegment {
	text := l.Text
	if l.URL != nil {
		switch addr := l.URL.String(); {
		case text == "" || text == addr:
			text = addr
		case addr != "":
			text += " (" + addr + ")"
		}
	}
	return &widget.TextSegment{Style: widget.RichTextStyleInline, Text: text}
}

// unloadedImage names an image instead of showing it. Fyne's parser keeps an
// image's address and title but not its alt text, so the title stands in.
func unloadedImage(img *widget.ImageSegment) *widget.TextSegment {
	addr := ""
	if img.Source != nil {
		addr = img.Source.String()
	}
	text := "[image — " + addr + ", not loaded]"
	if img.Title != "" {
		text = "[image: " + img.Title + " — " + addr + ", not loaded]"
	}
	return &widget.TextSegment{Style: widget.RichTextStyleEmphasis, Text: text}
}
