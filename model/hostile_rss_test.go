//go:build linux || darwin

package model_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"govscape/model"
)

// validateFileEnv names the file TestHelperValidateProcess validates.
const validateFileEnv = "GOVSCAPE_VALIDATE_FILE"

// BenchmarkValidate_hostile validates hostile documents of the largest size
// Load accepts in a child process (this test binary, run again) and reports
// the child's peak resident memory: everything reading and checking the
// document costs, which no measure of the heap from inside shows, nor one
// taken in a process that has built the document. The shapes
// are the flood of empty records issue 12 found and the two that cost the
// most of those in hostileShapes: distinct ids, which validation must
// remember, and one string as long as the document, which it must decode.
func BenchmarkValidate_hostile(b *testing.B) {
	for _, shape := range []string{"empty-positions", "unique-ids", "long-escaped-string"} {
		b.Run(shape, func(b *testing.B) {
			file := filepath.Join(b.TempDir(), shape+".json")
			if err := os.WriteFile(file, hostileDocument(shape, model.MaxDocumentSize), 0o644); err != nil {
				b.Fatal(err)
			}
			var peak int64
			var took time.Duration
			runs := 0
			for b.Loop() {
				start := time.Now()
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperValidateProcess$")
				cmd.Env = append(os.Environ(), validateFileEnv+"="+file)
				out, err := cmd.Output()
				if err != nil || !strings.Contains(string(out), "more problems") {
					b.Fatalf("validate %s: %v\n%s", shape, err, out)
				}
				took += time.Since(start)
				runs++
				peak = max(peak, peakRSS(out, cmd.ProcessState))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak_rss_mb")
			b.ReportMetric(float64(took.Milliseconds())/float64(runs), "ms/validation")
		})
	}
}

// vmHWM is the line of /proc/self/status that gives a process's peak
// resident memory.
var vmHWM = regexp.MustCompile(`(?m)^VmHWM:\s+(\d+) kB$`)

// peakRSS returns the peak resident memory of a finished child, in bytes: the
// peak it printed from /proc where there is one, else the one its rusage
// gives. On Linux rusage is only an upper bound: when a process is started,
// the peak of the parent it was forked from counts as its own, and a
// benchmark process that has built a 64 MiB document peaks higher than many
// a child.
func peakRSS(out []byte, ps *os.ProcessState) int64 {
	if m := vmHWM.FindSubmatch(out); m != nil {
		kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
		return kb << 10
	}
	rss := ps.SysUsage().(*syscall.Rusage).Maxrss
	if runtime.GOOS == "darwin" {
		return rss // bytes
	}
	return rss << 10 // KiB
}

// TestHelperValidateProcess is the child process of BenchmarkValidate_hostile:
// it loads the file the benchmark names and writes its problems out, as
// `govscape validate` does, then says how many there were and, where Linux
// tells, its own peak resident memory. Run alone, it skips.
func TestHelperValidateProcess(t *testing.T) {
	file := os.Getenv(validateFileEnv)
	if file == "" {
		t.Skip("the child process of BenchmarkValidate_hostile")
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = model.Load(f, file)
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Load: got %v, want a *model.ValidationError", err)
	}
	msg := ve.Error()
	fmt.Printf("%d problems listed in %d bytes, and %d more problems\n", len(ve.Problems), len(msg), ve.More)
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		fmt.Println(vmHWM.FindString(string(status)))
	}
}
