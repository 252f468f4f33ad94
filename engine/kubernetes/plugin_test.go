package kubernetes_test

// Plays the part of the Pulumi engine: launches the plugin build.sh ships
// (engine address as its only argument, gRPC port read from its first stdout
// line, as `pulumi up` does) and checks what the @pulumi/kubernetes SDK relies
// on. No cluster is needed: nothing here calls Configure.

import (
	"bufio"
	"context"
	"encoding/json"
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

// sdkVersionPinned reads the @pulumi/kubernetes version the repository's package.json pins: the
// engine starts the plugin version the SDK asks for, so the plugin must report exactly that one.
func sdkVersionPinned(t *testing.T) string {
	raw, err := os.ReadFile(filepath.Join("..", "..", "package.json"))
	if err != nil {
		t.Fatalf("reading the repository's package.json: %v", err)
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatalf("package.json: %v", err)
	}
	v := pkg.Dependencies["@pulumi/kubernetes"]
	if v == "" || strings.ContainsAny(v, "^~<>=* ") {
		t.Fatalf("package.json pins @pulumi/kubernetes as %q; want an exact version (the plugin built is one version)", v)
	}
	return v
}

// Resource tokens infra/pulumi/kubernetes creates.
var wantResources = []string{
	"kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:batch/v1:CronJob",
	"kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Namespace", "kubernetes:core/v1:PersistentVolumeClaim",
	"kubernetes:core/v1:Secret", "kubernetes:core/v1:Service", "kubernetes:networking.k8s.io/v1:NetworkPolicy",
	"kubernetes:policy/v1:PodDisruptionBudget",
}

func TestPluginServesSDKVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skips building and launching the plugin")
	}
	sdkVersion := sdkVersionPinned(t)
	prov := startPlugin(t, pluginBinary(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	info, err := prov.GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil || info.GetVersion() != sdkVersion {
		t.Fatalf("GetPluginInfo = %q, %v; want %s (build.sh stamps it via -ldflags)", info.GetVersion(), err, sdkVersion)
	}
	resp, err := prov.GetSchema(ctx, &pulumirpc.GetSchemaRequest{})
	if err != nil {
		t.Fatalf("GetSchema failed: %v", err)
	}
	var s struct {
		Name      string         `json:"name"`
		Version   string         `json:"version"`
		Resources map[string]any `json:"resources"`
	}
	if err := json.Unmarshal([]byte(resp.GetSchema()), &s); err != nil {
		t.Fatalf("GetSchema returned invalid JSON: %v", err)
	}
	if s.Name != "kubernetes" || s.Version != sdkVersion {
		t.Fatalf("schema is %s %q; want kubernetes %s (generate.go stamps the version)", s.Name, s.Version, sdkVersion)
	}
	for _, tok := range wantResources {
		if _, ok := s.Resources[tok]; !ok {
			t.Errorf("schema lacks resource %s, which infra/pulumi/kubernetes creates", tok)
		}
	}
	t.Logf("schema %s: %d resources", s.Version, len(s.Resources))
}

// fakeEngine receives the plugin's log calls; the plugin dials the address
// it is given at start.
type fakeEngine struct {
	pulumirpc.UnimplementedEngineServer
	t *testing.T
}

func (e *fakeEngine) Log(_ context.Context, r *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	if r.GetSeverity() != pulumirpc.LogSeverity_DEBUG {
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

// pluginBinary returns $PULUMI_RESOURCE_KUBERNETES if set, else a fresh
// build.sh build into a temp dir, so the test exercises what we ship.
func pluginBinary(t *testing.T) string {
	if p := os.Getenv("PULUMI_RESOURCE_KUBERNETES"); p != "" {
		return p
	}
	out := t.TempDir()
	cmd := exec.Command("bash", "build.sh", out)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build.sh failed (%v); run `bash engine/kubernetes/build.sh OUTDIR` to see why", err)
	}
	return filepath.Join(out, "pulumi-resource-kubernetes")
}

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
	// The schema is ~5 MB, over gRPC's 4 MB default; the engine allows 400 MB.
	conn, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(400<<20)))
	if err != nil {
		t.Fatalf("dialing plugin on port %s failed: %v", port, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}
