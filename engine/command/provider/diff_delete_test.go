package provider

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func diff(t *testing.T, c pulumirpc.ResourceProviderClient, olds, news map[string]any) *pulumirpc.DiffResponse {
	t.Helper()
	resp, err := c.Diff(context.Background(), &pulumirpc.DiffRequest{
		Urn: testURN, Id: "cmd-1", Olds: props(t, olds), News: props(t, news)})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// Old state carries outputs (stdout/stderr); they must not count as changes.
var oldState = map[string]any{"create": "echo hi", "triggers": []any{"a"}, "stdout": "hi", "stderr": ""}

func TestDiffNoChange(t *testing.T) {
	r := diff(t, startServer(t), oldState, map[string]any{"create": "echo hi", "triggers": []any{"a"}})
	if r.GetChanges() != pulumirpc.DiffResponse_DIFF_NONE {
		t.Fatalf("want DIFF_NONE, got %v (diffs %v)", r.GetChanges(), r.GetDiffs())
	}
}

func TestDiffTriggersReplace(t *testing.T) {
	r := diff(t, startServer(t), oldState, map[string]any{"create": "echo hi", "triggers": []any{"b"}})
	if r.GetChanges() != pulumirpc.DiffResponse_DIFF_SOME || len(r.GetReplaces()) != 1 || r.GetReplaces()[0] != "triggers" {
		t.Fatalf("want replace on triggers, got changes=%v replaces=%v", r.GetChanges(), r.GetReplaces())
	}
}

// pulumi-command rule: non-trigger input changes are in-place updates.
func TestDiffCreateChangeUpdates(t *testing.T) {
	r := diff(t, startServer(t), oldState, map[string]any{"create": "echo bye", "triggers": []any{"a"}})
	if r.GetChanges() != pulumirpc.DiffResponse_DIFF_SOME || len(r.GetReplaces()) != 0 {
		t.Fatalf("want update without replace, got changes=%v replaces=%v", r.GetChanges(), r.GetReplaces())
	}
}

func TestDeleteRunsDeleteCommand(t *testing.T) {
	c := startServer(t)
	marker := filepath.Join(t.TempDir(), "deleted")
	state := map[string]any{"create": "true", "delete": `printf "$PULUMI_COMMAND_STDOUT" > ` + marker,
		"stdout": "prev-out", "stderr": ""}
	if _, err := c.Delete(context.Background(), &pulumirpc.DeleteRequest{
		Urn: testURN, Id: "cmd-1", Properties: props(t, state)}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(marker)
	if err != nil {
		t.Fatalf("delete command did not run: %v", err)
	}
	if string(got) != "prev-out" {
		t.Fatalf("delete should see PULUMI_COMMAND_STDOUT=prev-out, got %q", got)
	}
}

func TestUpdateRunsCreateWhenNoUpdate(t *testing.T) {
	c := startServer(t)
	resp, err := c.Update(context.Background(), &pulumirpc.UpdateRequest{Urn: testURN, Id: "cmd-1",
		Olds: props(t, oldState), News: props(t, map[string]any{"create": "echo again", "triggers": []any{"a"}})})
	if err != nil {
		t.Fatal(err)
	}
	out, err := unmarshal("test", resp.GetProperties())
	if err != nil {
		t.Fatal(err)
	}
	if got := out["stdout"].StringValue(); got != "again" {
		t.Fatalf("update without `update` should rerun create; stdout = %q", got)
	}
}
