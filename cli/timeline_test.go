package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// timelineFixture is the landscape the model's timeline tests work out by
// hand (model/timeline_test.go); the goldens here are those answers as the
// command line writes them.
var timelineFixture = filepath.Join("..", "model", "testdata", "timeline.json")

// updateTimelineGolden rewrites the golden files instead of checking them,
// under the same switch as the other goldens of this package; review the
// diff before committing.
var updateTimelineGolden = os.Getenv("GOVSCAPE_UPDATE_GOLDEN") != ""

// timelineLine runs a timeline or diff command on args, flags and all, as the
// command receives them when Run leaves its flags to it.
func timelineLine(name string, args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	c := lookup(name)
	code = c.run(&call{cmd: c, args: args, stdout: &out, stderr: &errs})
	return code, out.String(), errs.String()
}

func TestTimelineGolden(t *testing.T) {
	tests := []struct {
		golden string
		name   string
		args   []string
	}{
		{"timeline-all.txt", "timeline", nil},
		{"timeline-usa-2014-2016.csv", "timeline", []string{"--entity", "usa", "--from", "2014", "--to=2016", "--format", "csv"}},
		{"timeline-wico-brazil.json", "timeline", []string{"--entity", "wico,brazil", "--format", "json"}},
		{"timeline-diff-2014-2022.txt", "diff", []string{"2014", "2022"}},
		// Years given backwards are compared oldest first.
		{"timeline-diff-2013-2014.json", "diff", []string{"--format", "json", "2014", "2013"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := timelineLine(tt.name, append(tt.args, "--file", timelineFixture)...)
			if code != 0 || stderr != "" {
				t.Fatalf("%s %q: got %d and stderr %q, want 0 and nothing", tt.name, tt.args, code, stderr)
			}
			path := filepath.Join("testdata", tt.golden)
			if updateTimelineGolden {
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (set GOVSCAPE_UPDATE_GOLDEN=1 to write it, then read it)", err)
			}
			if stdout != string(want) {
				t.Errorf("%s %q: got\n%s\nwant (%s)\n%s", tt.name, tt.args, stdout, path, want)
			}
		})
	}
}

func TestTimelineCommand(t *testing.T) {
	tests := []struct {
		name    string
		command string
		args    string // FIXTURE stands for the fixture's path
		code    int
		// stdout and stderr list fragments each stream must hold, in order;
		// nil means the stream must be empty.
		stdout, stderr []string
	}{
		{"help", "timeline", "-h", 0, []string{"Usage: govscape timeline [--file FILE] [--from YEAR]", "--entity ID keeps"}, nil},
		{"from a month", "timeline", "--file FIXTURE --from 2022-07", 0, []string{"2022-07-12  wico-1  WIC becomes an organization  wico, wic, china\n"}, nil},
		{"a year-only event in a month", "timeline", "--file FIXTURE --from 2014-05 --to 2014-05", 0, []string{"2014  a-2014  A year-only event  access-now\n"}, nil},
		{"repeated --entity is any of", "timeline", "--file FIXTURE --entity brazil --entity access-now", 0, []string{"a-2014", "netmundial-1"}, nil},
		{"flags after --", "timeline", "--file FIXTURE -- --from", 2, nil, []string{`takes no arguments, got ["--from"]`}},
		{"bad year", "timeline", "--file FIXTURE --from 20x4", 2, nil, []string{
			`invalid value "20x4" for flag -from: want a year such as 2014 (or 2014-11, 2014-11-19), got "20x4"`,
			"Usage: govscape timeline",
		}},
		{"month 13", "timeline", "--to 2014-13", 2, nil, []string{`invalid value "2014-13" for flag -to`}},
		{"from after to", "timeline", "--file FIXTURE --from 2022 --to 2014", 2, nil, []string{"--from 2022 is after --to 2014"}},
		{"unknown format", "timeline", "--format xml", 2, nil, []string{`unknown format "xml": want text, json or csv`}},
		{"an argument", "timeline", "--file FIXTURE 2014", 2, nil, []string{`takes no arguments, got ["2014"]`}},
		{"unknown flag", "timeline", "--year 2014", 2, nil, []string{"flag provided but not defined: -year"}},
		{"unknown entity", "timeline", "--file FIXTURE --entity usa --entity chna", 1, nil, []string{
			`govscape timeline: no entity has the id "chna" in FIXTURE`, "Did you mean:", "china state China\n",
		}},
		{"entity like nothing", "timeline", "--file FIXTURE --entity zebra", 1, nil, []string{`no entity has the id "zebra"`, "govscape search WORD"}},
		{"no event", "timeline", "--file FIXTURE --from 2030 --entity usa", 1, nil, []string{"govscape timeline: no event from 2030 naming usa in FIXTURE\n"}},
		{"missing file", "timeline", "--file FIXTURE.missing", 1, nil, []string{"FIXTURE.missing", "no such file"}},

		{"diff help", "diff", "--help", 0, []string{"Usage: govscape diff [--file FILE] [--format text|json] YEAR YEAR"}, nil},
		{"same year", "diff", "--file FIXTURE 2014 2014", 0, []string{"Nothing changed from 2014 to 2014.\n"}, nil},
		{"months", "diff", "--file FIXTURE 2014-06 2014-11", 0, []string{
			"From 2014-06 to 2014-11: 1 entity founded, 0 relations started, 0 ended, 1 stance moved, 1 event.\n",
			"Founded\n", "2014-11-19  forum  World Internet Conference (wic)  [s-wic]\n",
			"Stances moved\n", "China (china) on Cyber sovereignty vs. open internet: no stance → -2\n",
			"to  2014-11-19  -2 (Cyber sovereignty)  Wuzhen speech. [s-wic]\n",
		}, nil},
		{"one year", "diff", "--file FIXTURE 2014", 2, nil, []string{"want two YEARs, got 1 arguments", "Usage: govscape diff"}},
		{"three years", "diff", "2014 2015 2016", 2, nil, []string{"want two YEARs, got 3 arguments"}},
		{"bad year", "diff", "--file FIXTURE 2014 22", 2, nil, []string{`want a year such as 2014 (or 2014-11, 2014-11-19), got "22"`}},
		{"csv is not a diff format", "diff", "--format csv 2014 2022", 2, nil, []string{`unknown format "csv": want text or json`}},
		{"missing file", "diff", "--file FIXTURE.missing 2014 2022", 1, nil, []string{"FIXTURE.missing", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.name, func(t *testing.T) {
			fixture := strings.NewReplacer("FIXTURE", timelineFixture)
			code, stdout, stderr := timelineLine(tt.command, strings.Fields(fixture.Replace(tt.args))...)
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
				for i := range want {
					want[i] = fixture.Replace(want[i])
				}
				if miss := firstMissing(got, want); miss != "" {
					t.Errorf("%s: got\n%s\nwant it to hold %q (after the fragments before it)", stream, got, miss)
				}
			}
			check("stdout", stdout, tt.stdout)
			check("stderr", stderr, tt.stderr)
		})
	}
}

var timelineBlanks = regexp.MustCompile(`[ \t]+`)

// firstMissing reports the first of want not found in s after the one
// before it, or "" when all are there in that order. Runs of blanks compare
// as one, so the tests need not know column widths.
func firstMissing(s string, want []string) string {
	s = timelineBlanks.ReplaceAllString(s, " ")
	for _, w := range want {
		w = timelineBlanks.ReplaceAllString(w, " ")
		i := strings.Index(s, w)
		if i < 0 {
			return w
		}
		s = s[i+len(w):]
	}
	return ""
}

// TestTimelineThroughRun checks that timeline and diff get their flags, help
// and place in the usage list through Run, and answer from the bundled
// landscape without --file.
func TestTimelineThroughRun(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
	}{
		{"listed in the usage", []string{"--help"}, 0, []string{
			"  timeline [--file FILE] [--from YEAR] [--to YEAR] [--entity ID]... [--format text|json|csv]",
			"  diff [--file FILE] [--format text|json] YEAR YEAR",
		}},
		{"help word", []string{"help", "diff"}, 0, []string{"Usage: govscape diff", "Options:\n  --file FILE"}},
		{"timeline with --file", []string{"timeline", "--file", timelineFixture}, 0, []string{"2006-10-30", "2022-07-12"}},
		{"diff with --file", []string{"diff", "2014", "2022", "--file", timelineFixture}, 0, []string{"From 2014 to 2022: 1 entity founded"}},
		{"timeline flags", []string{"timeline", "--file", timelineFixture, "--from", "2014", "--entity", "usa", "--format", "csv"}, 0,
			[]string{"date,id,title,entities,note,sources\n2014-04-23,netmundial-1,", "2016-10-01,iana,"}},
		{"diff flags", []string{"diff", "--format", "json", "2014", "2022", "--file", timelineFixture}, 0, []string{`"from": "2014"`, `"stances_moved": [`}},
		{"bad year", []string{"timeline", "--to", "twenty"}, 2, nil},
		{"unknown entity", []string{"timeline", "--entity", "nobody-at-all"}, 1, nil},
		// The bundled data holds the story the issue tells, so these hold
		// whatever else is added to it.
		{"bundled timeline", []string{"timeline"}, 0, []string{"2014-11-19", "2022-07-12"}},
		{"bundled diff", []string{"diff", "2014", "2022"}, 0, []string{"From 2014 to 2022:", "Founded\n", "Stances moved\n", "Sources\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("Run %q: got %d\n%s%s\nwant %d", tt.args, code, &stdout, &stderr, tt.code)
			}
			if miss := firstMissing(stdout.String(), tt.stdout); miss != "" {
				t.Errorf("Run %q: got\n%s\nwant it to hold %q (after the fragments before it)", tt.args, &stdout, miss)
			}
		})
	}
}
