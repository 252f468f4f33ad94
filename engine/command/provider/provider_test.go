package provider

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
)

const testURN = "urn:pulumi:dev::proj::command:local:Command::cmd"

// startServer serves our provider on 127.0.0.1:<random> and returns a real
// gRPC client, so every test goes through proto (un)marshalling like the engine.
func startServer(t *testing.T) pulumirpc.ResourceProviderClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	pulumirpc.RegisterResourceProviderServer(srv, New(nil))
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}

func props(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := marshal("test", resource.NewPropertyMapFromMap(m))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// create runs Check then Create, as the engine does, and returns outputs.
func create(t *testing.T, c pulumirpc.ResourceProviderClient, in map[string]any, preview bool) (resource.PropertyMap, error) {
	t.Helper()
	ctx := context.Background()
	chk, err := c.Check(ctx, &pulumirpc.CheckRequest{Urn: testURN, News: props(t, in)})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if len(chk.GetFailures()) > 0 {
		t.Fatalf("Check failures: %v", chk.GetFailures())
	}
	resp, err := c.Create(ctx, &pulumirpc.CreateRequest{Urn: testURN, Properties: chk.GetInputs(), Preview: preview})
	if err != nil {
		return nil, err
	}
	if resp.GetId() == "" {
		t.Fatal("Create returned an empty ID")
	}
	return unmarshal("test", resp.GetProperties())
}

func TestCreateCapturesStdoutStderr(t *testing.T) {
	c := startServer(t)
	out, err := create(t, c, map[string]any{"create": "printf hello; printf err >&2"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["stdout"].StringValue(); got != "hello" {
		t.Errorf("stdout = %q, want hello", got)
	}
	if got := out["stderr"].StringValue(); got != "err" {
		t.Errorf("stderr = %q, want err", got)
	}
	if got := out["create"].StringValue(); got != "printf hello; printf err >&2" {
		t.Errorf("outputs must include inputs; create = %q", got)
	}
}

func TestCreatePreviewRunsNothing(t *testing.T) {
	c := startServer(t)
	marker := filepath.Join(t.TempDir(), "ran")
	out, err := create(t, c, map[string]any{"create": "touch " + marker}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatalf("preview ran the command: marker %s exists (stat err %v)", marker, err)
	}
	if !out["stdout"].IsComputed() || !out["stderr"].IsComputed() {
		t.Errorf("preview stdout/stderr should be unknown, got %v / %v", out["stdout"], out["stderr"])
	}
}

func TestCreateFailureReportsExitCode(t *testing.T) {
	c := startServer(t)
	_, err := create(t, c, map[string]any{"create": "echo boom >&2; exit 3"}, false)
	if err == nil {
		t.Fatal("expected an error from a command exiting 3")
	}
	if msg := err.Error(); !strings.Contains(msg, "exit code 3") || !strings.Contains(msg, "boom") {
		t.Fatalf("error should name exit code 3 and include stderr, got: %s", msg)
	}
}

func TestCheckRejectsNonStringCreate(t *testing.T) {
	c := startServer(t)
	chk, err := c.Check(context.Background(), &pulumirpc.CheckRequest{Urn: testURN, News: props(t, map[string]any{"create": 42.0})})
	if err != nil {
		t.Fatal(err)
	}
	if len(chk.GetFailures()) != 1 || chk.GetFailures()[0].GetProperty() != "create" {
		t.Fatalf("want one failure naming create, got %v", chk.GetFailures())
	}
}

func TestSecretInputStaysSecret(t *testing.T) {
	c := startServer(t)
	in := resource.NewPropertyMapFromMap(map[string]any{"create": `printf "$TOKEN"`})
	in["environment"] = resource.MakeSecret(resource.NewObjectProperty(
		resource.NewPropertyMapFromMap(map[string]any{"TOKEN": "s3cret"})))
	s, err := marshal("test", in)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: s})
	if err != nil {
		t.Fatal(err)
	}
	out, err := unmarshal("test", resp.GetProperties())
	if err != nil {
		t.Fatal(err)
	}
	if !out["environment"].IsSecret() {
		t.Errorf("secret environment must stay secret in outputs, got %v", out["environment"])
	}
	if got := out["stdout"].StringValue(); got != "s3cret" {
		t.Errorf("command should see the secret's value; stdout = %q", got)
	}
}
