package cli

// The commands on the user's store — notes, views, backups — open the same
// Badger store as the window, through package store, and say what a person
// needs when it cannot be used: another Govscape has it open (exit status
// 3), or it was damaged and moved aside (where to).

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"govscape/app"
	"govscape/app/store"
	"govscape/model"
)

// exitLocked is the exit status when another process has the store open,
// so that a script can wait and try again.
const exitLocked = 3

// storeHelp says how a store command finds the store.
const storeHelp = "use the store in `DIR` (else $" + store.EnvDir + ", else the user data folder)"

// waitHelp says what --wait does.
const waitHelp = "wait up to `DURATION` (such as 5s or 500ms) for another Govscape using the store to let it go"

// storeFlags adds the flags every store command has, --store and --wait,
// and returns where the store folder will be.
func storeFlags(fs *flag.FlagSet, cl *call) *string {
	fs.DurationVar(&cl.lockWait, "wait", store.DefaultLockWait, waitHelp)
	return fs.String("store", "", storeHelp)
}

func init() {
	commands = append(commands,
		&command{
			name: "view", args: "list|export|import [--store DIR] ...",
			summary: "list saved views, or export or import one as a file",
			help: "View works on the saved views in the store:\n\n" +
				subUsage(viewSubs) + storeParagraph,
			ownFlags: true, run: func(cl *call) int { return runSub(cl, viewSubs) },
		},
		&command{
			name: "backup", args: "[--store DIR] FILE",
			summary: "back up every note, view and setting to one file",
			help: "Backup writes every note (with its history), view and setting to FILE,\n" +
				"which appears whole or not at all. Restore reads it back.\n\n" + storeParagraph,
			ownFlags: true, run: runBackup,
		},
		&command{
			name: "restore", args: "[--store DIR] FILE",
			summary: "bring back the notes, views and settings in a backup",
			help: "Restore brings back every note, view and setting in the backup FILE.\n" +
				"Each replaces the store's record of the same id; what was made since\n" +
				"stays. Nothing is lost: the store as it was is first backed up beside\n" +
				"it (the file is named), and a note whose text the backup replaces keeps\n" +
				"that text in its history. A damaged or newer backup changes nothing.\n\n" + storeParagraph,
			ownFlags: true, run: runRestore,
		},
	)
}

// storeParagraph ends the help of every store command.
const storeParagraph = "The store is the folder given by --store DIR, else by $" + store.EnvDir + ",\n" +
	"else the one in the user data folder that the window uses. The exit status\n" +
	"is 3 when another Govscape has the store open, 1 when the command failed."

// subcommand is one word after a store command's name ("note add").
type subcommand struct {
	name, args, summary, help string
	// flags adds the subcommand's own flags; run gets the arguments left.
	flags func(fs *flag.FlagSet) func(cl *call, args []string, dir string) int
}

// subUsage lists subcommands for their command's help.
func subUsage(subs []*subcommand) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, s := range subs {
		synopsis := s.name + " " + s.args
		if len(synopsis) > 30 {
			synopsis = s.name + " ..."
		}
		fmt.Fprintf(tw, "  %s\t%s\n", synopsis, s.summary)
	}
	tw.Flush()
	return b.String() + "\nRun with a subcommand and -h for more about it.\n\n"
}

// runSub runs the subcommand named by the first argument.
func runSub(cl *call, subs []*subcommand) int {
	if len(cl.args) == 0 {
		return cl.cmd.misuse(cl.stderr, "want a subcommand")
	}
	name := cl.args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		cl.cmd.usage(cl.stdout)
		return exitOK
	}
	for _, s := range subs {
		if s.name == name {
			return s.run(cl, cl.args[1:])
		}
	}
	return cl.cmd.misuse(cl.stderr, "unknown subcommand %q", name)
}

// run parses the subcommand's flags, then runs it.
func (s *subcommand) run(cl *call, args []string) int {
	fs := flag.NewFlagSet(cl.cmd.name+" "+s.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	sc := &call{stdout: cl.stdout, stderr: cl.stderr}
	dir := storeFlags(fs, sc)
	run := s.flags(fs)
	sub := &command{name: cl.cmd.name + " " + s.name, args: s.args, help: s.help + "\n\nOptions:\n" + flagList(fs)}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		sub.usage(cl.stdout)
		return exitOK
	}
	if err != nil {
		return sub.misuse(cl.stderr, "%v", err)
	}
	sc.cmd = sub
	return run(sc, rest, *dir)
}

// flagList lists a flag set's flags, "--name ARG  what it does", a line
// each.
func flagList(fs *flag.FlagSet) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(tw, "  --%s\t%s\n", strings.TrimSpace(f.Name+" "+arg), usage)
	})
	tw.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// openStore opens the store for a command, for reading only if read. On
// failure it has said why and returns the exit status: exitLocked if
// another process has the store.
func openStore(cl *call, explicit string, read bool) (*store.Store, int) {
	root, rootErr := app.UserDataRoot()
	dir, err := store.DefaultDir(explicit, root)
	if err != nil {
		if rootErr != nil {
			err = rootErr
		}
		return nil, cl.fail("%v", err)
	}
	logger := slog.New(slog.NewTextHandler(cl.stderr, &slog.HandlerOptions{
		Level: slog.LevelWarn,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	opts := []store.Option{store.WithLogger(logger), store.WithLockWait(cl.lockWait)}
	if read {
		opts = append(opts, store.WithReadOnly())
	}
	s, err := store.Open(dir, opts...)
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(cl.stderr, "govscape %s: %v\n", cl.cmd.name, err)
		return nil, exitLocked
	}
	if err != nil {
		return nil, cl.fail("%v", err)
	}
	if r := s.Recovery(); r != nil {
		fmt.Fprintf(cl.stderr, "govscape %s: %s\n", cl.cmd.name, r.Message())
	}
	if f := s.Finished(); f != nil {
		fmt.Fprintf(cl.stderr, "govscape %s: %s\n", cl.cmd.name, f.Message())
	}
	return s, exitOK
}

// withStore opens the store, runs fn on it and closes it, and returns fn's
// status, or a failure to close.
func withStore(cl *call, dir string, fn func(s *store.Store) int) int {
	return useStore(cl, dir, false, fn)
}

// readStore is withStore for a command that only reads: it opens the store
// for reading only, so that it works on read-only media, on a full disk and
// beside another reader, and writes nothing in the store's folder.
func readStore(cl *call, dir string, fn func(s *store.Store) int) int {
	return useStore(cl, dir, true, fn)
}

func useStore(cl *call, dir string, read bool, fn func(s *store.Store) int) int {
	s, status := openStore(cl, dir, read)
	if s == nil {
		return status
	}
	status = fn(s)
	if err := s.Close(); err != nil {
		return cl.fail("%v", err)
	}
	return status
}

// ownCommand parses a command of no subcommands but with --store and
// wants args arguments; run gets them and the store folder.
func ownCommand(cl *call, want int, run func(args []string, dir string) int) int {
	fs := flag.NewFlagSet(cl.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := storeFlags(fs, cl)
	rest, err := parseInterspersed(fs, cl.args)
	if errors.Is(err, flag.ErrHelp) {
		cl.cmd.usage(cl.stdout)
		fmt.Fprintf(cl.stdout, "\nOptions:\n%s\n", flagList(fs))
		return exitOK
	}
	if err != nil {
		return cl.cmd.misuse(cl.stderr, "%v", err)
	}
	if len(rest) != want {
		return cl.cmd.misuse(cl.stderr, "want %s, got %d arguments", strings.TrimPrefix(cl.cmd.args, "[--store DIR] "), len(rest))
	}
	return run(rest, *dir)
}

func runBackup(cl *call) int {
	return ownCommand(cl, 1, func(args []string, dir string) int {
		return readStore(cl, dir, func(s *store.Store) int {
			if err := s.Backup(args[0]); err != nil {
				return cl.fail("%v", err)
			}
			fmt.Fprintf(cl.stdout, "backed up the store in %s to %s\n", s.Dir(), args[0])
			return exitOK
		})
	})
}

func runRestore(cl *call) int {
	return ownCommand(cl, 1, func(args []string, dir string) int {
		return withStore(cl, dir, func(s *store.Store) int {
			rep, err := s.Restore(args[0])
			if err != nil {
				return cl.fail("%v", err)
			}
			fmt.Fprintf(cl.stdout, "restored %s (and %s), %s and %s from %s\n"+
				"the store as it was before is backed up in %s\n",
				count(rep.Notes, "note", "notes"), count(rep.Versions, "earlier version", "earlier versions"),
				count(rep.Views, "view", "views"), count(rep.Settings, "setting", "settings"), args[0], rep.SafetyBackup)
			return exitOK
		})
	})
}

var viewSubs = []*subcommand{
	{
		name: "list", args: "[--json]", summary: "list the saved views by name",
		help: "View list prints each saved view's name, id, last change and description,\n" +
			"sorted by name; --json prints them whole, states included.",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			asJSON := fs.Bool("json", false, "print JSON")
			return func(cl *call, args []string, dir string) int {
				if len(args) != 0 {
					return cl.cmd.misuse(cl.stderr, "want no arguments, got %d", len(args))
				}
				return readStore(cl, dir, func(s *store.Store) int {
					views, err := s.Views()
					if err != nil {
						return cl.fail("%v", err)
					}
					if *asJSON {
						return printJSON(cl, nonNilViews(views))
					}
					tw := tabwriter.NewWriter(cl.stdout, 0, 8, 2, ' ', 0)
					for _, v := range views {
						desc, _, _ := strings.Cut(v.Description, "\n")
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.Name, v.ID, v.Updated.Local().Format(timeLayout), desc)
					}
					tw.Flush()
					return exitOK
				})
			}
		},
	},
	{
		name: "export", args: "NAME FILE", summary: "write a view and its notes to a file",
		help: "View export writes the view called NAME (or whose id is NAME), with the\n" +
			"notes attached to it, to FILE: a JSON file (schema govscape/view@1) that\n" +
			"\"govscape view import\" or the window reads. Name it *" + store.ViewFileExt + ".",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			return func(cl *call, args []string, dir string) int {
				if len(args) != 2 {
					return cl.cmd.misuse(cl.stderr, "want NAME FILE, got %d arguments", len(args))
				}
				return readStore(cl, dir, func(s *store.Store) int {
					v, err := s.ViewNamed(args[0])
					if err != nil {
						return cl.fail("%v; \"govscape view list\" shows the views", err)
					}
					n, err := s.ExportView(v.ID, args[1])
					if err != nil {
						return cl.fail("%v", err)
					}
					fmt.Fprintf(cl.stdout, "exported view %q with %s to %s\n", v.Name, count(n, "note", "notes"), args[1])
					return exitOK
				})
			}
		},
	},
	{
		name: "import", args: "FILE", summary: "add the view and notes in a view file",
		help: "View import adds the view in FILE, and the notes attached to it, to the\n" +
			"store. A name another view has already gets a number (\"Name (2)\"); a view\n" +
			"already in the store is added as a copy. Notes merge without duplicates,\n" +
			"as in \"govscape notes import\". Entities the bundled landscape lacks are\n" +
			"listed and kept. A file from a newer Govscape is refused, and changes nothing.",
		flags: func(fs *flag.FlagSet) func(*call, []string, string) int {
			return func(cl *call, args []string, dir string) int {
				if len(args) != 1 {
					return cl.cmd.misuse(cl.stderr, "want one FILE, got %d arguments", len(args))
				}
				l, _, err := load("")
				if err != nil {
					return cl.fail("%v", err)
				}
				return withStore(cl, dir, func(s *store.Store) int {
					rep, err := s.ImportView(args[0], store.ViewCheck{
						Known: func(id string) bool { _, ok := l.Entity(id); return ok },
						State: app.CheckState,
					})
					if err != nil {
						return cl.fail("%v", err)
					}
					switch {
					case rep.Already:
						fmt.Fprintf(cl.stdout, "view %q is in the store already, as %q; nothing was copied\n", rep.OldName, rep.View.Name)
					case rep.Copied && rep.Renamed:
						fmt.Fprintf(cl.stdout, "imported a copy of view %q as %q (the store had it already)\n", rep.OldName, rep.View.Name)
					case rep.Renamed:
						fmt.Fprintf(cl.stdout, "imported view %q as %q (another view has its name)\n", rep.OldName, rep.View.Name)
					default:
						fmt.Fprintf(cl.stdout, "imported view %q\n", rep.View.Name)
					}
					fmt.Fprintf(cl.stdout, "%s\n", mergeReport(rep.Notes))
					if len(rep.Missing) > 0 {
						fmt.Fprintf(cl.stderr, "govscape %s: warning: the view names %s the bundled landscape lacks: %s; "+
							"they are kept, and left out when the view opens\n",
							cl.cmd.name, count(len(rep.Missing), "entity", "entities"), strings.Join(rep.Missing, ", "))
					}
					return exitOK
				})
			}
		},
	},
}

func nonNilViews(v []model.View) []model.View {
	if v == nil {
		return []model.View{}
	}
	return v
}

// timeLayout is how the command line shows a time: local, to the minute.
const timeLayout = "2006-01-02 15:04"

// printJSON writes v as indented JSON.
func printJSON(cl *call, v any) int {
	enc := json.NewEncoder(cl.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return cl.fail("%v", err)
	}
	return exitOK
}

// mergeReport says what a merge of notes did.
func mergeReport(r store.NotesImport) string {
	parts := []string{fmt.Sprintf("%d added", r.Added)}
	if r.Updated > 0 {
		parts = append(parts, fmt.Sprintf("%d updated (the replaced text is in each note's history)", r.Updated))
	}
	if r.Unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%d already in the store", r.Unchanged))
	}
	if r.Older > 0 {
		parts = append(parts, fmt.Sprintf("%d older than the store's version, which stays", r.Older))
	}
	return count(r.Total(), "note", "notes") + ": " + strings.Join(parts, ", ")
}
