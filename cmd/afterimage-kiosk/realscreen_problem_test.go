package main

import (
	"fmt"
	"image"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// badConfigSpanish: on a machine whose locale is Spanish, a production
// config that cannot protect patients shows staff the problem screen in
// Spanish on the real screen: its window is found by its Spanish title
// ("Afterimage — necesita revisión"), full screen and drawn.
func badConfigSpanish(t *testing.T, bin string, w, h int) {
	display := testbench.PrivateDisplay(t, w, h)
	s := &screenRun{t: t, size: image.Pt(w, h), shots: testbench.ScreenshotDir(t), tag: "realscreen-bad-config-es-" + fmt.Sprint(w), banner: -1}
	cfg := kioskConfig{production: true, env: []string{"LANG=es_ES.UTF-8", "LANGUAGE=", "LC_ALL=", "LC_MESSAGES="}}
	s.app, s.data = startWithConfig(t, bin, display, cfg)
	s.win = s.app.WaitWindow(t, "necesita revisi", 90*time.Second)
	s.cur = "bad-config"
	s.settle("bad-config")
	if testbench.Share(s.shot, theme.Paper) < 0.3 {
		s.fail("the problem screen is not drawn")
	}
}
