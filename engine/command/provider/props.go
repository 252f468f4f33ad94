package provider

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"google.golang.org/protobuf/types/known/structpb"
)

// Input property names, exactly as @pulumi/command v1.2.1 sends them.
const (
	pCreate, pUpdate, pDelete, pTriggers = "create", "update", "delete", "triggers"
	pStdin, pLogging, pInterpreter, pDir = "stdin", "logging", "interpreter", "dir"
	pEnvironment, pAssetPaths            = "environment", "assetPaths"
	pArchivePaths, pAddPrevOut           = "archivePaths", "addPreviousOutputInEnv"
	pStdout, pStderr                     = "stdout", "stderr"
)

// inputKeys lists every input; Diff compares only these (state also holds
// outputs such as stdout/stderr, which must not count as changes).
var inputKeys = []string{pCreate, pUpdate, pDelete, pTriggers, pStdin, pLogging,
	pInterpreter, pDir, pEnvironment, pAssetPaths, pArchivePaths, pAddPrevOut}

// Keep secrets, unknowns and resource references so that what goes in comes
// back out unchanged (a secret `environment` stays secret in the state).
var keepAll = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, SkipNulls: true}

func unmarshal(label string, s *structpb.Struct) (resource.PropertyMap, error) {
	opts := keepAll
	opts.Label = label
	m, err := plugin.UnmarshalProperties(s, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: could not decode properties from the engine: %w", label, err)
	}
	return m, nil
}

func marshal(label string, m resource.PropertyMap) (*structpb.Struct, error) {
	opts := keepAll
	opts.Label = label
	s, err := plugin.MarshalProperties(m, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: could not encode properties for the engine: %w", label, err)
	}
	return s, nil
}

// plain strips secret wrappers; commands need the real value to run.
func plain(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// str returns m[key] as a string; ok is false when absent or null.
// Callers have already validated the type in Check.
func str(m resource.PropertyMap, key string) (s string, ok bool) {
	v := plain(m[resource.PropertyKey(key)])
	if !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

// isSecret reports whether m[key] was marked secret, so error messages can
// avoid echoing a secret command line.
func isSecret(m resource.PropertyMap, key string) bool {
	return m[resource.PropertyKey(key)].IsSecret()
}

// strList returns a list-of-strings input (interpreter, assetPaths, ...).
func strList(m resource.PropertyMap, key string) []string {
	v := plain(m[resource.PropertyKey(key)])
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e = plain(e); e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// strMap returns the `environment` input as KEY -> value.
func strMap(m resource.PropertyMap, key string) map[string]string {
	v := plain(m[resource.PropertyKey(key)])
	if !v.IsObject() {
		return nil
	}
	out := map[string]string{}
	for k, e := range v.ObjectValue() {
		if e = plain(e); e.IsString() {
			out[string(k)] = e.StringValue()
		}
	}
	return out
}

// boolOr returns a boolean input, or def when it is absent.
func boolOr(m resource.PropertyMap, key string, def bool) bool {
	v := plain(m[resource.PropertyKey(key)])
	if !v.IsBool() {
		return def
	}
	return v.BoolValue()
}
