package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compareFixture is the landscape the model's comparison tests work out by
// hand; the goldens here are those same answers as exported text.
var compareFixture = filepath.Join("..", "model", "testdata", "compare.json")

// updateGolden rewrites the golden files instead of checking them. It is an
// environment variable rather than a flag so it cannot clash with another
// test file's flags in this package; review the diff before committing.
var updateGolden = os.Getenv("GOVSCAPE_UPDATE_GOLDEN") != ""

// compareLine runs compare on args, flags and all, as the command receives
// them.
func compareLine(args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	code = runCompare(&call{cmd: lookup("compare"), args: args, stdout: &out, stderr: &errs})
	return code, out.String(), errs.String()
}

func TestCompareGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"compare-2020.md", []string{"--file", compareFixture, "china", "usa", "eu", "india", "--year", "2020"}},
		{"compare-2020.csv", []string{"--file", compareFixture, "--format", "csv", "china", "usa", "eu", "india", "--year", "2020"}},
		{"compare-forums.md", []string{"--file", compareFixture, "wic", "igf", "itu"}},
		{"compare-forums.csv", []string{"--file", compareFixture, "--format", "csv", "wic", "igf", "itu"}},
		// Forums beside actors: each group's rows are n/a for the other.
		{"compare-mixed-2020.md", []string{"--file", compareFixture, "--year", "2020", "igf", "china", "wic", "usa"}},
		{"compare-mixed-2015.json", []string{"--file", compareFixture, "--format", "json", "--year", "2015", "wic", "china"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := compareLine(tt.args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("compare %s: got exit %d and stderr %q, want 0 and none", strings.Join(tt.args, " "), code, stderr)
			}
			path := filepath.Join("testdata", tt.golden)
			if updateGolden {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (GOVSCAPE_UPDATE_GOLDEN=1 writes it)", err)
			}
			if stdout != string(want) {
				t.Errorf("compare %s:\ngot\n%s\nwant (%s)\n%s", strings.Join(tt.args, " "), stdout, path, want)
			}
		})
	}
}

func TestCompareCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		// stdout and stderr are fragments each stream must hold; nil means
		// the stream must be empty.
		stdout, stderr []string
	}{
		{"help", []string{"-h"}, 0, []string{"Usage: govscape compare [--file FILE] [--year Y] [--format markdown|csv|json] ID ID...", "--file FILE"}, nil},
		{"help among ids", []string{"china", "--help"}, 0, []string{"Usage: govscape compare"}, nil},
		{"bundled by default", []string{"china", "usa", "eu", "india", "--year", "2020"}, 0,
			[]string{"# China · United States · European Union · India\n", "Stances as of 2020-12-31", "## Sources\n"}, nil},
		{"one id", []string{"--file", compareFixture, "china"}, 2, nil, []string{"want 2 to 6 IDs, got 1", "Usage: govscape compare"}},
		{"seven ids", []string{"--file", compareFixture, "a", "b", "c", "d", "e", "f", "g"}, 2, nil, []string{"want 2 to 6 IDs, got 7"}},
		{"count before the file", []string{"--file", "missing.json", "china"}, 2, nil, []string{"want 2 to 6 IDs, got 1"}},
		{"unknown format", []string{"--file", compareFixture, "--format", "xml", "china", "usa"}, 2, nil, []string{`unknown format "xml": want markdown, csv or json`}},
		{"year not a number", []string{"--file", compareFixture, "--year", "last", "china", "usa"}, 2, nil, []string{`invalid value "last" for flag -year`}},
		{"year zero", []string{"--file", compareFixture, "--year", "0", "china", "usa"}, 2, nil, []string{"--year 0: want a year such as 2020"}},
		{"id twice", []string{"--file", compareFixture, "china", "usa", "china"}, 2, nil, []string{`"china" is listed twice`, "Usage: govscape compare"}},
		{"unknown id", []string{"--file", compareFixture, "china", "chna", "usa"}, 1, nil, []string{
			`govscape compare: no entity has the id "chna" in ` + compareFixture, "Did you mean:", "china state China", "govscape search WORD",
		}},
		{"two unknown ids", []string{"--file", compareFixture, "inda", "china", "zebra"}, 1, nil, []string{
			`no entity has the id "inda"`, "india state India", `no entity has the id "zebra"`,
		}},
		{"missing file", []string{"--file", "missing.json", "china", "usa"}, 1, nil, []string{"govscape compare:", "missing.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compareLine(tt.args...)
			if code != tt.code {
				t.Errorf("exit status: got %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			check := func(stream, got string, want []string) {
				if want == nil {
					if got != "" {
						t.Errorf("%s: got %q, want nothing", stream, got)
					}
					return
				}
				// Runs of blanks are one, so tests need not know column widths.
				rest := strings.Join(strings.Fields(got), " ")
				for _, w := range want {
					w = strings.Join(strings.Fields(w), " ")
					i := strings.Index(rest, w)
					if i < 0 {
						t.Errorf("%s: got\n%s\nwant it to hold %q (after the fragments before it)", stream, got, w)
						return
					}
					rest = rest[i+len(w):]
				}
			}
			check("stdout", stdout, tt.stdout)
			check("stderr", stderr, tt.stderr)
		})
	}
}

// TestCompareThroughRun checks what reaches compare through the command
// line as Run parses it today: --file, help and the usage list.
func TestCompareThroughRun(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"listed in the usage", []string{"--help"}, 0, "  compare [--file FILE] [--year Y] [--format markdown|csv|json] ID ID..."},
		{"help word", []string{"help", "compare"}, 0, "Usage: govscape compare"},
		{"with --file", []string{"compare", "--file", compareFixture, "usa", "eu"}, 0, "# United States · European Union\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("Run %v: got %d\n%s%s\nwant %d and %q", tt.args, code, &stdout, &stderr, tt.code, tt.stdout)
			}
		})
	}
}
