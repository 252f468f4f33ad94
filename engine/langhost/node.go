package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// findNode locates `node` on PATH. The engine must always use the Node the operator put on PATH
// (no version managers, no downloads), so a miss is a one-line, actionable error.
func findNode() (string, error) {
	bin, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("pulumi-language-nodejs: `node` was not found on PATH; " +
			"install Node.js >= 20 or add its bin directory to PATH")
	}
	return bin, nil
}

// resolveModule asks Node itself where `module` resolves from `dir`, so that nested
// node_modules, symlinked node_modules and package "exports" maps are handled exactly as the
// program will see them. A miss names the module, the directory and the fix.
func resolveModule(ctx context.Context, nodeBin, dir, module string) (string, error) {
	script := fmt.Sprintf("process.stdout.write(require.resolve(%q, {paths: [%q]}))", module, dir)
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		detail := err.Error()
		var exit *exec.ExitError
		if errors.As(err, &exit) && strings.Contains(string(exit.Stderr), "MODULE_NOT_FOUND") {
			detail = "not installed"
		}
		return "", fmt.Errorf("pulumi-language-nodejs: cannot resolve %s from %s (%s); "+
			"run `npm ci` in the project root so node_modules/@pulumi/pulumi exists", module, dir, detail)
	}
	return strings.TrimSpace(string(out)), nil
}

// nodeVersion is best-effort: About must not fail only because `node --version` did.
func nodeVersion(ctx context.Context, nodeBin string) string {
	out, err := exec.CommandContext(ctx, nodeBin, "--version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
