package main

import (
	"bufio"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// TestBinaryHandshake builds the real plugin with build.sh and talks to it
// the way the engine does: start it, read the port it prints, dial gRPC.
// It proves the handshake and that the -X version stamp took effect.
func TestBinaryHandshake(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	out := t.TempDir()
	if b, err := exec.Command("../../build.sh", out).CombinedOutput(); err != nil {
		t.Fatalf("build.sh failed: %v\n%s", err, b)
	}
	// No engine address argument: provider.Main serves in attach mode.
	proc := exec.Command(filepath.Join(out, "pulumi-resource-command"))
	stdout, err := proc.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := proc.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proc.Process.Kill(); _ = proc.Wait() })
	port, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("plugin did not print its port: %v", err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := pulumirpc.NewResourceProviderClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	info, err := c.GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil || info.GetVersion() != "1.2.1" {
		t.Fatalf("GetPluginInfo = %v, %v; want version 1.2.1", info, err)
	}
	in, _ := structpb.NewStruct(map[string]any{"create": "printf hello"})
	resp, err := c.Create(ctx, &pulumirpc.CreateRequest{
		Urn: "urn:pulumi:dev::proj::command:local:Command::cmd", Properties: in})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.GetProperties().GetFields()["stdout"].GetStringValue(); got != "hello" {
		t.Fatalf("stdout via binary = %q, want hello", got)
	}
	if _, err := c.GetSchema(ctx, &pulumirpc.GetSchemaRequest{}); err != nil {
		t.Fatalf("GetSchema: %v", err)
	}
}
