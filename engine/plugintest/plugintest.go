// Package plugintest plays the part of the Pulumi engine for a provider plugin's Go tests: it serves the
// engine's gRPC (the plugin's log calls), launches the plugin binary with that address as its only
// argument, reads the port from the plugin's first stdout line, and dials it, exactly as `pulumi up` does.
package plugintest

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

// fakeEngine receives the plugin's log calls; a plugin dials the engine at start and exits when nothing
// answers on the address it is given.
type fakeEngine struct {
	pulumirpc.UnimplementedEngineServer
	t *testing.T
}

func (e *fakeEngine) Log(_ context.Context, r *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	if r.GetSeverity() != pulumirpc.LogSeverity_DEBUG { // debug chatter buries the result
		e.t.Logf("plugin log [%v] %s", r.GetSeverity(), strings.TrimSpace(r.GetMessage()))
	}
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

// Binary returns the plugin `name` that the module's build.sh builds: the path in $envVar when set (a
// caller that built it once), else a fresh build into a temporary directory, so the test exercises the
// artefact that ships.
func Binary(t *testing.T, envVar, name string) string {
	if p := os.Getenv(envVar); p != "" {
		return p
	}
	out := t.TempDir()
	cmd := exec.Command("bash", "build.sh", out)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		wd, _ := os.Getwd()
		t.Fatalf("build.sh failed (%v); run `bash %s/build.sh OUTDIR` to see why", err, wd)
	}
	return filepath.Join(out, name)
}

// Start launches the plugin as the engine does and returns a client for it; calls may carry messages of
// up to maxMessageBytes (a provider's schema can pass gRPC's 4 MB default; the engine allows 400 MB).
func Start(t *testing.T, bin string, maxMessageBytes int) pulumirpc.ResourceProviderClient {
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
	conn, err := grpc.NewClient("127.0.0.1:"+port,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessageBytes)))
	if err != nil {
		t.Fatalf("dialing plugin on port %s failed: %v", port, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}
