// Run by build.sh, not part of the plugin: the equivalent of upstream's
// cmd/pulumi-resource-kubernetes/generate.go (their `go generate` step),
// reading schema.json and terraform-mapping.json from the provider module's
// directory instead of the working directory.
//
// Usage: VERSION=4.25.0 go run ./generate.go SRCDIR OUTDIR

//go:build ignore

package main

import (
	"encoding/json"
	"log"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: VERSION=x.y.z go run ./generate.go SRCDIR OUTDIR")
	}
	src, out := os.Args[1], os.Args[2]
	version, found := os.LookupEnv("VERSION")
	if !found || version == "" {
		log.Fatal("version not found: set VERSION to the @pulumi/kubernetes npm version")
	}

	schemaContents, err := os.ReadFile(filepath.Join(src, "schema.json"))
	if err != nil {
		log.Fatal(err)
	}
	var packageSpec schema.PackageSpec
	if err := json.Unmarshal(schemaContents, &packageSpec); err != nil {
		log.Fatalf("cannot deserialize schema: %v", err)
	}
	// Upstream stamps the schema with the plugin's version the same way; the
	// engine reports it from GetSchema, and the SDK was generated for it.
	packageSpec.Version = version
	versionedContents, err := json.Marshal(packageSpec)
	if err != nil {
		log.Fatalf("cannot reserialize schema: %v", err)
	}
	if err := writeFile(filepath.Join(out, "schema-embed.json"), versionedContents); err != nil {
		log.Fatal(err)
	}

	terraformContents, err := os.ReadFile(filepath.Join(src, "terraform-mapping.json"))
	if err != nil {
		log.Fatal(err)
	}
	var mapping interface{}
	if err := json.Unmarshal(terraformContents, &mapping); err != nil {
		log.Fatalf("cannot deserialize terraform mapping: %v", err)
	}
	embeddedMapping, err := json.Marshal(mapping)
	if err != nil {
		log.Fatalf("cannot reserialize terraform mapping: %v", err)
	}
	if err := writeFile(filepath.Join(out, "terraform-mapping-embed.json"), embeddedMapping); err != nil {
		log.Fatal(err)
	}
}

// writeFile replaces path in one rename, so a `go build` or `go vet` of the
// plugin running meanwhile (go test ./... does, beside the test that runs
// build.sh) embeds the old file or the new one, never none or half of one.
func writeFile(path string, data []byte) error {
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
