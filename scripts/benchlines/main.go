// Command benchlines turns `go test -bench` output into one line per
// benchmark, `NAME key=value ...`, with the median of each figure over the
// runs of -count: the form the README's benchmark table is copied from.
//
//	go test -bench . -count 5 ./... | go run ./scripts/benchlines
//
// A benchmark BenchmarkFrame/nodes=1000 reporting "12.3 ms/frame" becomes
// `frame nodes=1000 ms=12.3`; path segments without "=" become case=….
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// units renames reported units to short keys; unlisted units keep their
// name with "/" turned into "_per_".
var units = map[string]string{
	"ms/frame":  "ms",
	"us/hit":    "us",
	"ns/op":     "ns_per_op",
	"B/op":      "bytes_per_op",
	"allocs/op": "allocs_per_op",
}

type bench struct {
	name    string
	keys    []string // in first-seen order
	samples map[string][]float64
}

func main() {
	var order []string
	all := map[string]*bench{}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "Benchmark") {
			if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "panic") {
				fmt.Fprintln(os.Stderr, line)
			}
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // drop the GOMAXPROCS suffix
			}
		}
		b := all[name]
		if b == nil {
			b = &bench{name: name, samples: map[string][]float64{}}
			all[name] = b
			order = append(order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			unit := f[i+1]
			key, ok := units[unit]
			if !ok {
				key = strings.ReplaceAll(unit, "/", "_per_")
			}
			if _, seen := b.samples[key]; !seen {
				b.keys = append(b.keys, key)
			}
			b.samples[key] = append(b.samples[key], v)
		}
	}
	for _, name := range order {
		fmt.Println(format(all[name]))
	}
}

func format(b *bench) string {
	parts := strings.Split(strings.TrimPrefix(b.name, "Benchmark"), "/")
	var out []string
	out = append(out, strings.ToLower(parts[0]))
	inPath := map[string]bool{}
	for _, p := range parts[1:] {
		if k, _, ok := strings.Cut(p, "="); ok {
			out = append(out, p)
			inPath[k] = true
		} else {
			out = append(out, "case="+p)
		}
	}
	// Time-like custom figures make ns/op and the allocation counts noise.
	custom := false
	for _, k := range b.keys {
		if k == "ms" || k == "us" || strings.HasPrefix(k, "ms_") || strings.HasSuffix(k, "_ms") {
			custom = true
		}
	}
	for _, k := range b.keys {
		if inPath[k] || custom && (k == "ns_per_op" || k == "bytes_per_op" || k == "allocs_per_op") {
			continue
		}
		out = append(out, k+"="+num(median(b.samples[k])))
	}
	if n := len(b.samples[b.keys[0]]); n > 1 {
		out = append(out, fmt.Sprintf("runs=%d", n))
	}
	return strings.Join(out, " ")
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// num prints a figure with about four significant digits, no exponent.
func num(v float64) string {
	switch {
	case v == float64(int64(v)) && v < 1e15:
		return strconv.FormatInt(int64(v), 10)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
