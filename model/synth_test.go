package model_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"govscape/model"
)

func TestSynthetic(t *testing.T) {
	tests := []struct{ entities, perEntity int }{
		{0, 3}, {1, 3}, {2, 0}, {2, 5}, {500, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d×%d", tt.entities, tt.perEntity), func(t *testing.T) {
			l := model.Synthetic(7, tt.entities, tt.perEntity)
			if got := len(l.Entities); got != tt.entities {
				t.Errorf("entities: got %d, want %d", got, tt.entities)
			}
			// A few ties are dropped as duplicates or self-ties; in a
			// landscape of any size most remain.
			want := tt.entities * tt.perEntity
			if tt.entities < 2 {
				want = 0
			}
			least := want * 8 / 10
			if tt.entities < 100 {
				least = 0
			}
			if got := len(l.Relations); got > want || got < least {
				t.Errorf("relations: got %d, want about %d", got, want)
			}
			// Synthetic validated it; so must Parse, and its indexes must work.
			data, err := json.Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := model.Parse(data, "synthetic"); err != nil {
				t.Fatalf("Parse(Synthetic): %v", err)
			}
			if tt.entities > 0 {
				if _, ok := l.Entity(l.Entities[tt.entities-1].ID); !ok {
					t.Error("Entity: the last entity is not indexed")
				}
			}
		})
	}
}

func TestSyntheticIsSeeded(t *testing.T) {
	encode := func(seed int64) string {
		data, err := json.Marshal(model.Synthetic(seed, 200, 3))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if encode(1) != encode(1) {
		t.Error("Synthetic(1) twice: got different landscapes, want the same")
	}
	if encode(1) == encode(2) {
		t.Error("Synthetic(1) and Synthetic(2): got the same landscape, want different")
	}
}
