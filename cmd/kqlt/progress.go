package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a progress bar on a terminal while files are processed.
// It draws nothing during the first moments, so that quick runs do not
// flicker, and clears its line when done.
type progress struct {
	w     io.Writer
	label string
	total int
	done  atomic.Int64
	stop  chan struct{}
	wg    sync.WaitGroup
}

const (
	progressDelay    = 250 * time.Millisecond
	progressInterval = 100 * time.Millisecond
	progressWidth    = 30
)

// newProgress starts a progress bar on w, or returns nil (a no-op bar)
// when on is false.
func newProgress(w io.Writer, label string, total int, on bool) *progress {
	if !on || total == 0 {
		return nil
	}
	p := &progress{w: w, label: label, total: total, stop: make(chan struct{})}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer p.wg.Done()
	select {
	case <-p.stop:
		return
	case <-time.After(progressDelay):
	}
	t := time.NewTicker(progressInterval)
	defer t.Stop()
	drawn := false
	for {
		p.draw()
		drawn = true
		select {
		case <-p.stop:
			if drawn {
				fmt.Fprint(p.w, "\r\x1b[K")
			}
			return
		case <-t.C:
		}
	}
}

func (p *progress) draw() {
	n := int(p.done.Load())
	fill := n * progressWidth / p.total
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", progressWidth-fill)
	fmt.Fprintf(p.w, "\r\x1b[K%s [%s] %d/%d", p.label, bar, n, p.total)
}

// add counts one more file done.
func (p *progress) add() {
	if p != nil {
		p.done.Add(1)
	}
}

// finish stops the bar and clears its line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}
