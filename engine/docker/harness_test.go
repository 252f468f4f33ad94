package docker_test

// Harness: plays the part of the Pulumi engine so the real plugin binary can
// be driven over gRPC exactly as `pulumi up` would, without a CLI.

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// fakeEngine receives the plugin's log calls; the plugin dials it at start
// and would exit if nothing answered on the address it is given.
type fakeEngine struct {
	pulumirpc.UnimplementedEngineServer
	t *testing.T
}

func (e *fakeEngine) Log(_ context.Context, r *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	if r.GetSeverity() == pulumirpc.LogSeverity_DEBUG {
		return &emptypb.Empty{}, nil // TF debug chatter buries the result
	}
	e.t.Logf("plugin log [%v] %s", r.GetSeverity(), strings.TrimSpace(r.GetMessage()))
	return &emptypb.Empty{}, nil
}

func startEngine(t *testing.T) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("fake engine: listen on loopback failed: %v", err)
	}
	srv := grpc.NewServer()
	pulumirpc.RegisterEngineServer(srv, &fakeEngine{t: t})
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// pluginBinary returns a plugin built by build.sh: $PULUMI_RESOURCE_DOCKER
// if set (CI builds once and reuses it), else a fresh build into a temp dir,
// so the test always exercises the same artefact we ship.
func pluginBinary(t *testing.T) string {
	if p := os.Getenv("PULUMI_RESOURCE_DOCKER"); p != "" {
		return p
	}
	out := t.TempDir()
	cmd := exec.Command("bash", "build.sh", out)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build.sh failed (%v); run `bash engine/docker/build.sh OUTDIR` to see why", err)
	}
	return filepath.Join(out, "pulumi-resource-docker")
}

// startPlugin launches the plugin as the engine does (engine address as the
// only argument, port read from the first stdout line) and dials it.
func startPlugin(t *testing.T, bin string) pulumirpc.ResourceProviderClient {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, startEngine(t))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s failed: %v", bin, err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })

	portc := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		portc <- strings.TrimSpace(line)
	}()
	var port string
	select {
	case port = <-portc:
	case <-time.After(60 * time.Second):
		t.Fatal("plugin printed no port within 60s; it should print its gRPC port on stdout")
	}
	if port == "" {
		t.Fatal("plugin exited before printing its port; see its stderr above")
	}
	conn, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dialing plugin on port %s failed: %v", port, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}
