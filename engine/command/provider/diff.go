package provider

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Diff follows pulumi-command v1.2.1 (pulumi-go-provider's default diff for a
// resource that implements Update): compare the old *inputs* held in state
// with the new inputs; a change to `triggers` (schema replaceOnChanges)
// means replace, any other input change (create, update, environment, dir,
// interpreter, stdin, ...) is an in-place update, which re-runs `update`,
// or `create` when no `update` is given.
func (s *Server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	if err := checkType(req.GetUrn()); err != nil {
		return nil, err
	}
	olds, err := unmarshal("diff.olds", req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal("diff.news", req.GetNews())
	if err != nil {
		return nil, err
	}
	// ignoreChanges: pretend the new value equals the old one.
	for _, k := range req.GetIgnoreChanges() {
		key := resource.PropertyKey(k)
		if v, ok := olds[key]; ok {
			news[key] = v
		} else {
			delete(news, key)
		}
	}
	oldInputs := resource.PropertyMap{}
	for _, k := range inputKeys {
		if v, ok := olds[resource.PropertyKey(k)]; ok {
			oldInputs[resource.PropertyKey(k)] = v
		}
	}
	objDiff := oldInputs.Diff(news)
	if objDiff == nil || !objDiff.AnyChanges() {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}

	resp := &pulumirpc.DiffResponse{
		Changes:         pulumirpc.DiffResponse_DIFF_SOME,
		HasDetailedDiff: true,
		DetailedDiff:    map[string]*pulumirpc.PropertyDiff{},
	}
	seen := map[string]bool{}
	for path, d := range plugin.NewDetailedDiffFromObjectDiff(objDiff, false) {
		top := topLevel(path)
		kind := d.Kind
		if top == pTriggers {
			kind = kind.AsReplace()
			if !seen["replace:"+top] {
				resp.Replaces = append(resp.Replaces, top)
				seen["replace:"+top] = true
			}
		}
		if !seen[top] {
			resp.Diffs = append(resp.Diffs, top)
			seen[top] = true
		}
		resp.DetailedDiff[path] = &pulumirpc.PropertyDiff{Kind: rpcKind(kind), InputDiff: d.InputDiff}
	}
	return resp, nil
}

// topLevel turns a detailed-diff path like `triggers[0]` or
// `environment.FOO` into the top-level property name.
func topLevel(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

func rpcKind(k plugin.DiffKind) pulumirpc.PropertyDiff_Kind {
	switch k {
	case plugin.DiffAdd:
		return pulumirpc.PropertyDiff_ADD
	case plugin.DiffAddReplace:
		return pulumirpc.PropertyDiff_ADD_REPLACE
	case plugin.DiffDelete:
		return pulumirpc.PropertyDiff_DELETE
	case plugin.DiffDeleteReplace:
		return pulumirpc.PropertyDiff_DELETE_REPLACE
	case plugin.DiffUpdateReplace:
		return pulumirpc.PropertyDiff_UPDATE_REPLACE
	default:
		return pulumirpc.PropertyDiff_UPDATE
	}
}
