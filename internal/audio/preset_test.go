package audio

import (
	"testing"
	"time"
)

func TestPresetLimited(t *testing.T) {
	cases := []struct {
		max, wantMax, wantWarn time.Duration
	}{
		{0, Voice.MaxLength, Voice.WarnBefore},
		{25 * time.Minute, 25 * time.Minute, Voice.WarnBefore},
		{30 * time.Second, 30 * time.Second, 15 * time.Second},
	}
	for _, c := range cases {
		p := Voice.Limited(c.max)
		if p.MaxLength != c.wantMax || p.WarnBefore != c.wantWarn {
			t.Errorf("Limited(%v): max %v warn %v, want %v and %v", c.max, p.MaxLength, p.WarnBefore, c.wantMax, c.wantWarn)
		}
	}
	if Voice.MaxLength != 10*time.Minute {
		t.Error("Limited changed the shared preset")
	}
}
