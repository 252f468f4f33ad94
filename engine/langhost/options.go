package main

import (
	"fmt"
	"strings"
)

// nodeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that change how
// Node is launched. Other options (packagemanager, ...) only matter for installing, which this
// host leaves to the repo's own `npm ci`, so they are accepted and ignored.
type nodeOptions struct {
	typescript bool     // PULUMI_NODEJS_TYPESCRIPT=true: @pulumi/pulumi registers ts-node
	tsconfig   string   // PULUMI_NODEJS_TSCONFIG_PATH, when set
	nodeargs   []string // extra arguments for `node` itself, e.g. --import tsx
}

// parseOptions reads runtime options the same way the upstream host does: typescript defaults
// to true, and a value of the wrong type is an error rather than silently ignored.
func parseOptions(raw map[string]any) (nodeOptions, error) {
	opts := nodeOptions{typescript: true}
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, fmt.Errorf("runtime option typescript must be true or false, got %v", v)
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option tsconfig must be a string path, got %v", v)
		}
		opts.tsconfig = s
	}
	if v, ok := raw["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option nodeargs must be a string like \"--import tsx\", got %v", v)
		}
		args, err := splitArgs(s)
		if err != nil {
			return opts, fmt.Errorf("runtime option nodeargs %q: %w", s, err)
		}
		opts.nodeargs = args
	}
	return opts, nil
}

// splitArgs splits a command line the way a POSIX shell would for plain words, single and double
// quotes and backslash escapes: enough for nodeargs, without pulling in a shell-lexer dependency.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune // 0, '\'' or '"'
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or trailing backslash")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
