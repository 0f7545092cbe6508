//go:build linux

package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"govscape/model"
)

// bigStoreOnce makes, once per test process, a closed store of about 1 GiB
// of notes (16,384 notes of 64 KiB, most of it in Badger's value log) and
// a backup of it; the memory benchmarks below back up and restore them.
var bigStoreOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "govscape-bench-1g-")
	if err != nil {
		return "", err
	}
	afterTests = append(afterTests, func() { os.RemoveAll(dir) })
	store := filepath.Join(dir, "store")
	s, err := Open(store, WithLockWait(0))
	if err != nil {
		return "", err
	}
	wb := s.db.NewWriteBatch()
	body := strings.Repeat("Multistakeholder governance and cyber sovereignty, argued over at the IGF. ", 64<<10/75)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 16384; i++ {
		at := t0.Add(time.Duration(i) * time.Minute)
		n := model.Note{ID: newID(at), Title: fmt.Sprintf("Note %d", i), Body: strconv.Itoa(i) + body,
			Created: at, Updated: at}
		data, err := encodeNote(&n)
		if err == nil {
			err = wb.Set(noteKey(n.ID), data)
		}
		if err == nil {
			err = putDerived(wb, &n)
		}
		if err != nil {
			return "", err
		}
	}
	if err := wb.Flush(); err != nil {
		return "", err
	}
	if err := s.Backup(filepath.Join(dir, "all"+BackupExt)); err != nil {
		return "", err
	}
	return dir, s.Close()
})

// memoryChild runs one operation on the big store, for the parent to
// measure: "backup" backs it up, "restore" restores its backup into a new
// store.
func memoryChild(op, dir string) {
	var err error
	switch op {
	case "backup":
		var s *Store
		if s, err = Open(filepath.Join(dir, "store"), WithReadOnly()); err == nil {
			err = s.Backup(filepath.Join(dir, "again"+BackupExt))
			s.Close()
		}
	case "restore":
		target := filepath.Join(dir, "restored")
		os.RemoveAll(target)
		os.RemoveAll(target + ".backups")
		var s *Store
		if s, err = Open(target); err == nil {
			_, err = s.Restore(filepath.Join(dir, "all"+BackupExt))
			s.Close()
		}
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
}

// peakMemory runs a child and returns its peak resident set in MiB as the
// kernel counts it (which includes the pages of Badger's memory-mapped
// files the child touched: page cache, given back under pressure) and the
// peak of its anonymous memory (its own allocations), sampled every 10 ms.
func peakMemory(b *testing.B, op, dir string) (rss, anon float64) {
	cmd := child(b, "memory", dir, "GOVSCAPE_MEMORY_OP="+op)
	cmd.Stderr = nil
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	var peakAnon int64
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if kb := statusKB(cmd.Process.Pid, "RssAnon:"); kb > peakAnon {
					peakAnon = kb
				}
			}
		}
	}()
	said, _ := bufio.NewReader(out).ReadString('\n')
	err := cmd.Wait()
	close(done)
	if err != nil || said != "" {
		b.Fatalf("%s: %v %s", op, err, said)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return float64(ru.Maxrss) / 1024, float64(peakAnon) / 1024
}

// statusKB reads one "kB" line of /proc/PID/status, or 0.
func statusKB(pid int, key string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// BenchmarkMemory1GiB backs up a store of about 1 GiB and restores the
// backup into a new store, each in a process of its own, and reports the
// peak memory of each (the target: at most 256 MiB of the process's own).
func BenchmarkMemory1GiB(b *testing.B) {
	dir, err := bigStoreOnce()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(filepath.Join(dir, "restored")) })
	for _, op := range []string{"backup", "restore"} {
		b.Run("op="+op, func(b *testing.B) {
			var rss, anon float64
			for b.Loop() {
				rss, anon = peakMemory(b, op, dir)
			}
			b.ReportMetric(anon, "anon_MiB")
			b.ReportMetric(rss, "rss_MiB")
		})
	}
}
