package provider

import (
	"bufio"
	"context"
	"io"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Values of the `logging` input (enum command:local:Logging).
var loggingValues = []string{"stdout", "stderr", "stdoutAndStderr", "none"}

func validLogging(l string) bool {
	for _, v := range loggingValues {
		if v == l {
			return true
		}
	}
	return false
}

// loggingFlags says whether stdout / stderr are streamed to the engine.
// Absent means "stdoutAndStderr", the pulumi-command default. Callers who
// expect secrets in output set logging "none" and use additionalSecretOutputs.
func loggingFlags(inputs resource.PropertyMap) (stdout, stderr bool) {
	l, ok := str(inputs, pLogging)
	if !ok {
		return true, true
	}
	return l == "stdout" || l == "stdoutAndStderr", l == "stderr" || l == "stdoutAndStderr"
}

// lineLogger streams output lines to the engine as info status messages,
// as pulumi-command does. flush waits for the last line to be sent.
func (s *Server) lineLogger(ctx context.Context, urn resource.URN) (io.Writer, func()) {
	if s.logger == nil {
		return io.Discard, func() {}
	}
	r, w := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			_ = s.logger.LogStatus(context.WithoutCancel(ctx), diag.Info, urn, sc.Text())
		}
		_, _ = io.Copy(io.Discard, r) // keep draining if a line was too long
	}()
	// One writer shared by stdout and stderr: serialise writes.
	lw := &lockedWriter{w: w}
	return lw, func() { _ = w.Close(); <-done }
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
