package provider

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Check validates input types and returns the inputs unchanged. Type errors
// come back as CheckFailures, which the engine prints per property, instead
// of surfacing later as a confusing run failure.
func (s *Server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if err := checkType(req.GetUrn()); err != nil {
		return nil, err
	}
	news, err := unmarshal("check.news", req.GetNews())
	if err != nil {
		return nil, err
	}
	var failures []*pulumirpc.CheckFailure
	fail := func(prop, want string) {
		failures = append(failures, &pulumirpc.CheckFailure{Property: prop,
			Reason: fmt.Sprintf("%s: expected %s; fix the %q argument of %s", prop, want, prop, CommandType)})
	}
	for _, k := range []string{pCreate, pUpdate, pDelete, pStdin, pDir} {
		if !isType(news[resource.PropertyKey(k)], resource.PropertyValue.IsString) {
			fail(k, "a string")
		}
	}
	for _, k := range []string{pInterpreter, pAssetPaths, pArchivePaths} {
		if !isListOf(news[resource.PropertyKey(k)], resource.PropertyValue.IsArray, resource.PropertyValue.IsString) {
			fail(k, "a list of strings")
		}
	}
	if v := news[pEnvironment]; !isType(v, resource.PropertyValue.IsObject) ||
		!isListOf(v, resource.PropertyValue.IsObject, resource.PropertyValue.IsString) {
		fail(pEnvironment, "a map of string to string")
	}
	if !isType(news[pAddPrevOut], resource.PropertyValue.IsBool) {
		fail(pAddPrevOut, "a boolean")
	}
	if !isType(news[pTriggers], resource.PropertyValue.IsArray) {
		fail(pTriggers, "a list")
	}
	if l, ok := str(news, pLogging); ok && !validLogging(l) {
		fail(pLogging, `one of "stdout", "stderr", "stdoutAndStderr", "none"`)
	} else if !isType(news[pLogging], resource.PropertyValue.IsString) {
		fail(pLogging, "a string")
	}
	// This build does not collect files into asset/archive outputs: a program
	// that asks for them is refused here rather than handed no files.
	for _, k := range []string{pAssetPaths, pArchivePaths} {
		if v, ok := news[resource.PropertyKey(k)]; ok && !v.IsNull() {
			failures = append(failures, &pulumirpc.CheckFailure{Property: k, Reason: k +
				" is not supported by this build of pulumi-resource-command; collect the files in the command instead"})
		}
	}
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: failures}, nil
}

// isType accepts absent/null and unknown values (preview), unwraps secrets,
// then applies the type predicate.
func isType(v resource.PropertyValue, pred func(resource.PropertyValue) bool) bool {
	v = plain(v)
	return v.IsNull() || v.IsComputed() || v.IsOutput() || pred(v)
}

// isListOf checks a container's type and every element's type.
func isListOf(v resource.PropertyValue, container, elem func(resource.PropertyValue) bool) bool {
	if !isType(v, container) {
		return false
	}
	v = plain(v)
	var elems []resource.PropertyValue
	switch {
	case v.IsArray():
		elems = v.ArrayValue()
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			elems = append(elems, e)
		}
	}
	for _, e := range elems {
		if !isType(e, elem) {
			return false
		}
	}
	return true
}

// checkType rejects resource types we do not implement (e.g. remote:Command)
// with a message that says so, rather than misbehaving.
func checkType(urn string) error {
	if t := resource.URN(urn).Type(); t != CommandType {
		return fmt.Errorf("resource type %q is not supported by this build of pulumi-resource-command "+
			"(only %s is implemented); use command.local.Command", t, CommandType)
	}
	return nil
}
