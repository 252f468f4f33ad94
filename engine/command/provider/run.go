package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// errTail bounds how much combined output an error message carries.
const errTail = 4096

// runResult is what a finished command produced, newline-trimmed like
// pulumi-command (strings.TrimSuffix of a single "\n").
type runResult struct{ stdout, stderr string }

// run executes one of create/update/delete. inputs supplies interpreter,
// dir, environment, stdin and logging; prev is the previous state, whose
// stdout/stderr become PULUMI_COMMAND_STDOUT/STDERR unless
// addPreviousOutputInEnv is false.
func (s *Server) run(ctx context.Context, urn resource.URN, which string,
	inputs, prev resource.PropertyMap) (runResult, error) {
	command, _ := str(inputs, which)
	args := strList(inputs, pInterpreter)
	if len(args) == 0 {
		args = []string{"/bin/sh", "-c"}
	}
	args = append(args, command)

	// Stop the command when the engine cancels the RPC or calls Cancel.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	defer context.AfterFunc(s.cancelCtx, stop)()

	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	// Own process group, so cancelling kills the shell's children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second // a leaked grandchild must not hang us
	cmd.Dir, _ = str(inputs, pDir)  // empty = our cwd, the Pulumi project dir
	cmd.Env = os.Environ()
	for k, v := range strMap(inputs, pEnvironment) {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if boolOr(inputs, pAddPrevOut, true) {
		if v, _ := str(prev, pStdout); v != "" {
			cmd.Env = append(cmd.Env, "PULUMI_COMMAND_STDOUT="+v)
		}
		if v, _ := str(prev, pStderr); v != "" {
			cmd.Env = append(cmd.Env, "PULUMI_COMMAND_STDERR="+v)
		}
	}
	if in, _ := str(inputs, pStdin); in != "" {
		cmd.Stdin = strings.NewReader(in)
	}

	var stdout, stderr bytes.Buffer
	combined := &lockedBuffer{}
	logOut, logErr := loggingFlags(inputs)
	lines, flush := s.lineLogger(ctx, urn)
	cmd.Stdout = io.MultiWriter(&stdout, combined, pick(logOut, lines))
	cmd.Stderr = io.MultiWriter(&stderr, combined, pick(logErr, lines))

	err := cmd.Run()
	flush()
	if err != nil {
		shown := command
		if isSecret(inputs, which) {
			shown = "[secret]"
		}
		code := ""
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = fmt.Sprintf(" (exit code %d)", exitErr.ExitCode())
		}
		dir := cmd.Dir
		if dir == "" {
			dir = "(the Pulumi project directory)"
		}
		return runResult{}, fmt.Errorf("%s command failed%s: %w: running %q in %s; fix the command "+
			"or its environment. Output (last %d bytes):\n%s",
			which, code, err, shown, dir, errTail, combined.tail(errTail))
	}
	return runResult{
		stdout: strings.TrimSuffix(stdout.String(), "\n"),
		stderr: strings.TrimSuffix(stderr.String(), "\n"),
	}, nil
}

// lockedBuffer interleaves stdout and stderr safely for error messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	if len(s) > n {
		s = s[len(s)-n:]
	}
	return s
}

func pick(on bool, w io.Writer) io.Writer {
	if on {
		return w
	}
	return io.Discard
}
