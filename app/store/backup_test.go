package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"govscape/model"
)

// fillStore saves notes in every script, with history, views and a setting,
// and returns the notes and views as stored.
func fillStore(t *testing.T, s *Store, clock *fakeClock) ([]model.Note, []model.View) {
	t.Helper()
	var notes []model.Note
	for _, sc := range scripts {
		n := model.Note{Title: sc.title, Body: sc.body, Tags: []string{"t"}}
		for _, edit := range []string{"", " (edited)"} {
			clock.add(time.Minute)
			n.Body = sc.body + edit
			if err := s.SaveNote(&n); err != nil {
				t.Fatal(err)
			}
		}
		notes = append(notes, n)
	}
	big := model.Note{Title: "large", Body: strings.Repeat("السيادة ", 100000)}
	if err := s.SaveNote(&big); err != nil {
		t.Fatal(err)
	}
	notes = append(notes, big)
	var views []model.View
	for _, name := range []string{"Sovereignty", "WSIS+20"} {
		v := model.View{Name: name, State: json.RawMessage(`{"tab":"compare","compare":["china","usa"]}`)}
		if _, err := s.SaveView(&v); err != nil {
			t.Fatal(err)
		}
		views = append(views, v)
	}
	if err := s.PutSetting("ui.state", map[string]int{"year": 2022}); err != nil {
		t.Fatal(err)
	}
	return notes, views
}

func checkStore(t *testing.T, s *Store, notes []model.Note, views []model.View) {
	t.Helper()
	for _, want := range notes {
		got, err := s.Note(want.ID)
		if err != nil || !sameNote(got, want) {
			t.Errorf("note %s: got %s (%v), want %s", want.ID, describe(got), err, describe(want))
		}
		if h, _ := s.NoteHistory(want.ID); want.Title != "large" && len(h) != 1 {
			t.Errorf("note %s has %d history versions, want 1", want.ID, len(h))
		}
	}
	for _, want := range views {
		got, err := s.View(want.ID)
		if err != nil || got.Name != want.Name || !jsonEqual(t, got.State, want.State) || !got.Updated.Equal(want.Updated) {
			t.Errorf("view %s: got %+v (%v), want %+v", want.ID, got, err, want)
		}
	}
	var st map[string]int
	if ok, err := s.Setting("ui.state", &st); !ok || err != nil || st["year"] != 2022 {
		t.Errorf("setting ui.state = %v, %v, %v", st, ok, err)
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	clock := newClock()
	src := openTest(t, filepath.Join(t.TempDir(), "a"), WithClock(clock.now), WithHistoryInterval(0))
	notes, views := fillStore(t, src, clock)
	file := filepath.Join(t.TempDir(), "notes"+BackupExt)
	if err := src.Backup(file); err != nil {
		t.Fatal(err)
	}

	t.Run("into an empty store", func(t *testing.T) {
		dst := openTest(t, filepath.Join(t.TempDir(), "b"))
		rep, err := dst.Restore(file)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Notes != len(notes) || rep.Views != len(views) || rep.Settings != 1 || rep.Versions != len(scripts) {
			t.Errorf("report %+v, want %d notes, %d views, 1 setting, %d versions", rep, len(notes), len(views), len(scripts))
		}
		checkStore(t, dst, notes, views)
	})

	t.Run("over later changes", func(t *testing.T) {
		clock.add(time.Hour)
		if _, err := src.DeleteNote(notes[0].ID); err != nil {
			t.Fatal(err)
		}
		changed := notes[1]
		changed.Body = "rewritten after the backup"
		if err := src.SaveNote(&changed); err != nil {
			t.Fatal(err)
		}
		later := model.Note{Title: "written after the backup"}
		src.SaveNote(&later)
		clash := model.View{Name: "sovereignty"} // takes a backed-up view's name
		if _, err := src.DeleteView(views[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := src.SaveView(&clash); err != nil {
			t.Fatal(err)
		}

		rep, err := src.Restore(file)
		if err != nil {
			t.Fatal(err)
		}
		if !exists(rep.SafetyBackup) || !strings.HasPrefix(rep.SafetyBackup, src.BackupDir()) {
			t.Errorf("safety backup %q missing", rep.SafetyBackup)
		}
		for _, want := range notes {
			if got, err := src.Note(want.ID); err != nil || !sameNote(got, want) {
				t.Errorf("note %s after restore: %s, %v", want.ID, describe(got), err)
			}
		}
		if _, err := src.Note(later.ID); err != nil {
			t.Errorf("a note written after the backup was lost: %v", err)
		}
		hist, _ := src.NoteHistory(changed.ID)
		if len(hist) == 0 || hist[0].Body != changed.Body {
			t.Errorf("the text the restore replaced is not in history: %v", hist)
		}
		got, _ := src.View(views[0].ID)
		if got.Name != "Sovereignty (restored)" {
			t.Errorf("restored view whose name was taken is called %q, want %q", got.Name, "Sovereignty (restored)")
		}
	})

	t.Run("refused whole", func(t *testing.T) {
		dst := openTest(t, filepath.Join(t.TempDir(), "c"))
		data, _ := os.ReadFile(file)
		dir := t.TempDir()
		cases := []struct {
			name    string
			content []byte
			want    error
		}{
			{"not a backup", []byte("hello, world\n"), ErrNotBackup},
			{"empty", nil, ErrNotBackup},
			{"truncated", data[:len(data)/2], ErrNotBackup},
			{"one bit flipped", flipBit(data, len(data)/2), ErrNotBackup},
			{"garbage after the header", append([]byte(backupMagic), strings.Repeat("\xff\x01", 5000)...), ErrNotBackup},
		}
		for _, c := range cases {
			p := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			os.WriteFile(p, c.content, 0o600)
			if _, err := dst.Restore(p); !errors.Is(err, c.want) {
				t.Errorf("%s: Restore error %v, want %v", c.name, err, c.want)
			} else if !strings.Contains(err.Error(), p) {
				t.Errorf("%s: message %q does not name the file", c.name, err)
			}
		}
		if ns, _ := dst.Notes(); len(ns) != 0 {
			t.Errorf("a refused restore wrote %d notes", len(ns))
		}
	})
}

// setRawVersion writes m/schema straight into Badger, or deletes it when
// version is negative, as an older or newer Govscape would have left it.
func setRawVersion(t *testing.T, s *Store, version int) {
	t.Helper()
	err := s.db.Update(func(txn *badger.Txn) error {
		if version < 0 {
			return txn.Delete([]byte(keySchema))
		}
		data, _ := encode(storeRecord{Schema: storeSchema, Version: version})
		return txn.Set([]byte(keySchema), data)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUpgradeTakesBackupFirst(t *testing.T) {
	clock := newClock()
	dir := filepath.Join(t.TempDir(), "store")
	s := openTest(t, dir, WithClock(clock.now), WithHistoryInterval(0))
	notes, views := fillStore(t, s, clock)
	setRawVersion(t, s, -1) // a store from before the version key
	s = reopen(t, s)

	backups, _ := filepath.Glob(filepath.Join(s.BackupDir(), fmt.Sprintf("before-upgrade-v0-to-v%d-*", SchemaVersion)+BackupExt))
	if len(backups) != 1 {
		t.Fatalf("backups before upgrade: %v, want one", backups)
	}
	if v, found, _, err := storeVersion(s.db); err != nil || !found || v != SchemaVersion {
		t.Errorf("after upgrade the store's version is %d (found %v, %v), want %d", v, found, err, SchemaVersion)
	}
	checkStore(t, s, notes, views)
	fresh := openTest(t, filepath.Join(t.TempDir(), "fresh"))
	if _, err := fresh.Restore(backups[0]); err != nil {
		t.Fatal(err)
	}
	checkStore(t, fresh, notes, views)
	s = reopen(t, s)
	if again, _ := filepath.Glob(filepath.Join(s.BackupDir(), "*"+BackupExt)); len(again) != 1 {
		t.Errorf("reopening an upgraded store took another backup: %v", again)
	}
}

func TestNewerStoreIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s := openTest(t, dir)
	n := model.Note{Title: "from the future"}
	s.SaveNote(&n)
	setRawVersion(t, s, SchemaVersion+1)
	file := filepath.Join(t.TempDir(), "newer"+BackupExt)
	if err := s.Backup(file); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err := Open(dir, WithLogger(testLogger(t)))
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "update Govscape") {
		t.Fatalf("Open of a newer store: error %v, want ErrNewerSchema saying to update", err)
	}
	other := openTest(t, filepath.Join(t.TempDir(), "other"))
	if _, err := other.Restore(file); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Restore of a newer backup: error %v, want ErrNewerSchema", err)
	}
}

func flipBit(data []byte, at int) []byte {
	out := append([]byte{}, data...)
	out[at] ^= 0x10
	return out
}
