package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitAlreadyReported is the exit code @pulumi/pulumi/cmd/run uses after it has logged the
// program's error through the engine; we then answer `bail` so the CLI prints nothing more.
const exitAlreadyReported = 32

// Run executes the Pulumi program once (preview, up, destroy's refresh step, refresh). Problems
// with the program are returned in RunResponse.Error (shown to the user as a failed update);
// only transport-level failures are returned as gRPC errors.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	nodeBin, err := findNode()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	programDir := req.GetInfo().GetProgramDirectory()
	runScript, err := resolveModule(ctx, nodeBin, programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	l, err := programLaunch(req, nodeBin, runScript, h.engine(), os.Environ())
	if err != nil {
		return &pulumirpc.RunResponse{Error: "pulumi-language-nodejs: " + err.Error()}, nil
	}

	ctx, cancel := h.withCancel(ctx)
	defer cancel()
	cmd := l.command(ctx)
	// Go between Node and our own stdout/stderr: Node may switch the descriptors it inherits to
	// non-blocking mode, which would then break our writes to the CLI. The CLI relays both
	// streams to the user.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}

	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit) && exit.ExitCode() == exitAlreadyReported:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program was stopped: %v", exit)}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"pulumi-language-nodejs: could not start %s: %v", l.argv[0], err)}, nil
	}
}

// command turns a launch into an exec.Cmd that is interrupted (then killed after a grace period)
// when ctx ends, so a cancelled update lets the SDK flush its pending engine calls.
func (l launch) command(ctx context.Context) *exec.Cmd {
	cmd := exec.CommandContext(ctx, l.argv[0], l.argv[1:]...)
	cmd.Env = l.env
	cmd.Dir = l.dir
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}
