package kubernetes_test

// Plays the part of the Pulumi engine: launches the plugin build.sh ships
// (engine address as its only argument, gRPC port read from its first stdout
// line, as `pulumi up` does) and checks what the @pulumi/kubernetes SDK relies
// on. No cluster is needed: nothing here calls Configure.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"verifier.local/engine/plugintest"
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
	prov := plugintest.Start(t, plugintest.Binary(t, "PULUMI_RESOURCE_KUBERNETES", "pulumi-resource-kubernetes"), 400<<20)
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
