package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"govscape/app/store"
	"govscape/model"
)

func init() {
	commands = append(commands,
		&command{
			name: "note", args: "add|list|show [--store DIR] ...",
			summary: "add, list or show the notes in the store",
			help: "Note works on the notes in the store, the same ones the window shows:\n\n" +
				subUsage(noteSubs) + storeParagraph,
			ownFlags: true, run: func(cl *call) int { return runSub(cl, noteSubs) },
		},
		&command{
			name: "notes", args: "export|import [--store DIR] ...",
			summary: "export all notes as Markdown or JSON, or merge a JSON export in",
			help: "Notes exports or imports all notes at once:\n\n" +
				subUsage(notesSubs) + storeParagraph,
			ownFlags: true, run: func(cl *call) int { return runSub(cl, notesSubs) },
		},
	)
}

// stringList is a flag that may be given many times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// untitled is how a note without a title is shown, as in the window.
const untitled = "Untitled note"

var noteSubs = []*subcommand{
	{
		name: "add", args: "--entity ID [--entity ID]... [--title T] [--tag X]... (--body TEXT | --body-file F)",
		summary: "add a note about one or more entities",
		help: "Note add stores a new note about the entities ID (their ids in the\n" +
			"landscape) and prints its id once it is safely on disk. The body is\n" +
			"Markdown; the entities its [[id]] or [[Name]] links name are attached\n" +
			"too, as in the window. An id the bundled landscape lacks draws a\n" +
			"warning and is kept.",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			var entities, tags stringList
			fs.Var(&entities, "entity", "attach the note to the entity `ID` (repeatable)")
			fs.Var(&tags, "tag", "tag the note `X` (repeatable)")
			title := fs.String("title", "", "the note's `TITLE`")
			body := fs.String("body", "", "the note's Markdown `TEXT`")
			bodyFile := fs.String("body-file", "", "read the note's Markdown from `FILE`")
			return func(cl *call, args []string, dir string) int {
				bodySet := false
				fs.Visit(func(f *flag.Flag) { bodySet = bodySet || f.Name == "body" })
				switch {
				case len(args) != 0:
					return cl.cmd.misuse(cl.stderr, "unexpected arguments %q: put the text in --body or --body-file", args)
				case len(entities) == 0:
					return cl.cmd.misuse(cl.stderr, "want at least one --entity ID")
				case bodySet == (*bodyFile != ""):
					return cl.cmd.misuse(cl.stderr, "want one of --body TEXT and --body-file FILE")
				}
				text := *body
				if *bodyFile != "" {
					var err error
					if text, err = readBody(*bodyFile); err != nil {
						return cl.fail("%v", err)
					}
				}
				n := model.Note{Title: *title, Body: text, Tags: tags}
				if l, _, err := load(""); err != nil {
					fmt.Fprintf(cl.stderr, "govscape %s: warning: entities not checked: %v\n", cl.cmd.name, err)
					n.Entities = unique(entities)
				} else {
					warnUnknown(cl, l, entities)
					linked, unknown := l.LinkedEntities(text)
					for _, target := range unknown {
						fmt.Fprintf(cl.stderr, "govscape %s: warning: the link [[%s]] names no entity of the bundled landscape; it is kept as written\n",
							cl.cmd.name, target)
					}
					n.Entities = unique(append(slices.Clone(entities), linked...))
				}
				return withStore(cl, dir, func(s *store.Store) int {
					// SaveNote returns once the note is synced to disk.
					if err := s.SaveNote(&n); err != nil {
						return cl.fail("%v", err)
					}
					fmt.Fprintln(cl.stdout, n.ID)
					return exitOK
				})
			}
		},
	},
	{
		name: "list", args: "[--entity ID] [--json]", summary: "list the notes, newest first",
		help: "Note list prints each note's id, last change, title and entities, the\n" +
			"most recently changed first; --entity ID lists only the notes about that\n" +
			"entity; --json prints the same as JSON (without the bodies).",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			entity := fs.String("entity", "", "only the notes about the entity `ID`")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(cl *call, args []string, dir string) int {
				if len(args) != 0 {
					return cl.cmd.misuse(cl.stderr, "want no arguments, got %d", len(args))
				}
				if *entity != "" {
					if l, _, err := load(""); err == nil {
						warnUnknown(cl, l, []string{*entity})
					}
				}
				return readStore(cl, dir, func(s *store.Store) int {
					sums, err := s.NoteSummaries()
					if err != nil {
						// What could be read is listed; the rest is named.
						fmt.Fprintf(cl.stderr, "govscape %s: %v\n", cl.cmd.name, err)
					}
					if *entity != "" {
						sums = slices.DeleteFunc(sums, func(n store.NoteSummary) bool { return !n.About(*entity) })
					}
					status := exitOK
					if err != nil {
						status = exitFail
					}
					if *asJSON {
						if sums == nil {
							sums = []store.NoteSummary{}
						}
						if s := printJSON(cl, sums); s != exitOK {
							return s
						}
						return status
					}
					tw := tabwriter.NewWriter(cl.stdout, 0, 8, 2, ' ', 0)
					for _, n := range sums {
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.ID, n.Updated.Local().Format(timeLayout),
							oneLine(titleOr(n.Title)), strings.Join(n.Entities, ", "))
					}
					tw.Flush()
					return status
				})
			}
		},
	},
	{
		name: "show", args: "[--json] ID", summary: "print one note whole",
		help: "Note show prints the note ID: its title, times, tags, entities and other\n" +
			"attachments, then its Markdown as stored; --json prints it as JSON.",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			asJSON := fs.Bool("json", false, "print JSON")
			return func(cl *call, args []string, dir string) int {
				if len(args) != 1 {
					return cl.cmd.misuse(cl.stderr, "want one ID, got %d arguments", len(args))
				}
				return readStore(cl, dir, func(s *store.Store) int {
					n, err := s.Note(args[0])
					if err != nil {
						return cl.fail("%v; \"govscape note list\" shows the notes", err)
					}
					if *asJSON {
						return printJSON(cl, n)
					}
					showNote(cl.stdout, &n)
					return exitOK
				})
			}
		},
	},
}

var notesSubs = []*subcommand{
	{
		name: "export", args: "(DIR | --json FILE)", summary: "write every note as Markdown files or one JSON file",
		help: "Notes export writes every note to its own Markdown file in DIR, made if\n" +
			"need be: YAML front matter (id, title, tags, entities, created, updated)\n" +
			"then the body with its [[entity-id]] links, so that a vault tool such as\n" +
			"Obsidian opens DIR. Files are named after the titles; a note exported\n" +
			"before keeps its file, and other files in DIR are left alone. A file\n" +
			"that differs from what Govscape last wrote there (edited in the vault,\n" +
			"or a copy carrying a note's id) is never overwritten: the note is\n" +
			"written beside it as \"Title (from Govscape YYYY-MM-DD).md\", and the\n" +
			"command names both files.\n" +
			"With --json FILE it writes all notes to one JSON file (schema\n" +
			"govscape/notes@1) instead, which \"govscape notes import\" merges.",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			jsonFile := fs.String("json", "", "write one JSON `FILE` instead of a Markdown folder")
			return func(cl *call, args []string, dir string) int {
				switch {
				case *jsonFile == "" && len(args) != 1:
					return cl.cmd.misuse(cl.stderr, "want DIR, got %d arguments", len(args))
				case *jsonFile != "" && len(args) != 0:
					return cl.cmd.misuse(cl.stderr, "want either DIR or --json FILE")
				}
				return readStore(cl, dir, func(s *store.Store) int {
					if *jsonFile != "" {
						n, err := s.ExportNotes(*jsonFile)
						if err != nil {
							return cl.fail("%v", err)
						}
						fmt.Fprintf(cl.stdout, "exported %s to %s\n", count(n, "note", "notes"), *jsonFile)
						return exitOK
					}
					rep, err := s.ExportNotesMarkdown(args[0])
					if err != nil {
						return cl.fail("%v", err)
					}
					fmt.Fprintf(cl.stdout, "exported %s to %s (%s written, %d unchanged)\n", count(len(rep.Files), "note", "notes"), args[0],
						count(rep.Written, "file", "files"), len(rep.Files)-rep.Written)
					// Each note written beside a file of the person's gets a
					// line, up to a screenful; the rest are summed up.
					const maxLines = 10
					for i, b := range rep.Beside {
						if i == maxLines {
							fmt.Fprintf(cl.stdout, "and %d more notes beside files kept as you left them\n", len(rep.Beside)-i)
							break
						}
						fmt.Fprintf(cl.stdout, "kept %q as you left it; the note is beside it in %q\n", b.Kept, b.File)
					}
					return exitOK
				})
			}
		},
	},
	{
		name: "import", args: "FILE", summary: "merge the notes of a JSON export",
		help: "Notes import merges the notes in FILE (made by \"govscape notes export\n" +
			"--json\") into the store without duplicating any: a note the store lacks\n" +
			"is added; one it has in the same version is skipped; a newer version\n" +
			"replaces the store's, which stays in the note's history; an older one is\n" +
			"skipped. Importing the same file twice changes nothing the second time.",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			return func(cl *call, args []string, dir string) int {
				if len(args) != 1 {
					return cl.cmd.misuse(cl.stderr, "want one FILE, got %d arguments", len(args))
				}
				return withStore(cl, dir, func(s *store.Store) int {
					rep, err := s.ImportNotes(args[0])
					if err != nil {
						return cl.fail("%v", err)
					}
					fmt.Fprintln(cl.stdout, mergeReport(rep))
					return exitOK
				})
			}
		},
	},
}

// readBody reads a note's body from a file, refusing one too large or not
// UTF-8 with a message naming the file.
func readBody(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, model.MaxNoteBody+1))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > model.MaxNoteBody {
		return "", fmt.Errorf("%s is larger than a note may be (%d MiB): split it into several notes", path, model.MaxNoteBody>>20)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s is not UTF-8 text: convert it first (for example with iconv)", path)
	}
	return string(data), nil
}

// warnUnknown warns of entity ids the landscape lacks; they are kept all
// the same, since a note may be about what a later dataset adds.
func warnUnknown(cl *call, l *model.Landscape, ids []string) {
	for _, id := range ids {
		if _, ok := l.Entity(id); ok {
			continue
		}
		msg := fmt.Sprintf("govscape %s: warning: the bundled landscape has no entity %q", cl.cmd.name, id)
		if near := suggest(l, id); len(near) > 0 {
			msg += fmt.Sprintf(" (did you mean %q?)", near[0].ID)
		}
		fmt.Fprintln(cl.stderr, msg)
	}
}

func unique(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func titleOr(title string) string {
	if strings.TrimSpace(title) == "" {
		return untitled
	}
	return title
}

// oneLine keeps a table row on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// showNote writes a note as text: its facts, then its Markdown.
func showNote(w io.Writer, n *model.Note) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, titleOr(n.Title))
	rel := ""
	if r := n.Relation; r != nil {
		rel = r.From + " " + r.Role + " " + r.To
	}
	for _, f := range [][2]string{
		{"id", n.ID}, {"created", n.Created.Local().Format(timeLayout)}, {"updated", n.Updated.Local().Format(timeLayout)},
		{"tags", strings.Join(n.Tags, ", ")}, {"entities", strings.Join(n.Entities, ", ")},
		{"relation", rel}, {"view", n.View},
	} {
		if f[1] != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", f[0], f[1])
		}
	}
	tw.Flush()
	if n.Body != "" {
		fmt.Fprintf(w, "\n%s", n.Body)
		if !strings.HasSuffix(n.Body, "\n") {
			fmt.Fprintln(w)
		}
	}
}
