package model_test

import (
	"os"
	"reflect"
	"testing"

	"govscape/model"
)

func TestNoteLinks(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"", nil},
		{"no links here", nil},
		{"see [[china]] and [[ WIC ]]", []string{"china", "WIC"}},
		{"[[china|the PRC]] again [[china]]", []string{"china"}},
		{"broken [[china and [[igf]]", []string{"igf"}},
		{"[[]] [[a\nb]] [[ok]]", []string{"ok"}},
		{"unclosed [[china", nil},
		{"[[Реформа]] [[互联网]] [[🌐]]", []string{"Реформа", "互联网", "🌐"}},
	}
	for _, tt := range tests {
		if got := model.NoteLinks(tt.body); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NoteLinks(%q): got %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestLinkedEntities(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Parse(data, "valid.json")
	if err != nil {
		t.Fatal(err)
	}
	wic, _ := l.Entity("wic")
	ids, unknown := l.LinkedEntities("[[wic]] [[" + wic.Name + "]] [[CHINA]] [[atlantis]] [[" + wic.Short + "]]")
	if want := []string{"wic", "china"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids: got %q, want %q", ids, want)
	}
	if want := []string{"atlantis"}; !reflect.DeepEqual(unknown, want) {
		t.Errorf("unknown: got %q, want %q", unknown, want)
	}
}
