// Package provider maps the Terraform docker provider onto Pulumi tokens and
// property names. The mapping must reproduce what the published
// @pulumi/docker 5.2.0 npm SDK sends, or the SDK's requests will not match
// any resource or property the bridge knows about.
package provider

import (
	"context"
	"runtime"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/terraform-providers/terraform-provider-docker/shim"
)

// Version is stamped with -ldflags "-X .../provider.Version=5.2.0" by
// build.sh. The engine asks the plugin for the version the SDK requested,
// so it must equal the npm package version; "0.0.0-dev" flags a bare build.
var Version = "0.0.0-dev"

// pkg is the Pulumi package name; every token is "docker:index/<file>:<Name>".
const pkg = "docker"

// Provider returns the bridge description. metadata is the
// bridge-metadata.json produced by tfgen; tfgen itself passes nil.
func Provider(metadata []byte) tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:           shimv2.NewProvider(shim.NewProvider()),
		Name:        pkg,
		Version:     Version,
		Description: "Docker resources bridged from the Terraform docker provider",
		GitHubOrg:   "kreuzwerker",
		Config: map[string]*tfbridge.SchemaInfo{
			// Upstream computes this default from DOCKER_HOST/GOOS inside
			// the SDKv2 schema; the bridge needs it stated so `host` stays
			// optional in the Pulumi schema, as the SDK declares it.
			"host": {Default: &tfbridge.DefaultInfo{
				EnvVars: []string{"DOCKER_HOST"},
				ComputeDefault: func(context.Context, tfbridge.ComputeDefaultOptions) (interface{}, error) {
					if runtime.GOOS == "windows" {
						return "npipe:////./pipe/docker_engine", nil
					}
					return "unix:///var/run/docker.sock", nil
				},
			}},
			// The SDK names this singular and as an array.
			"registry_auth": {Name: "registryAuth", MaxItemsOne: tfbridge.False()},
		},
		Resources: map[string]*tfbridge.ResourceInfo{
			// Upstream's docker_image only pulls; the SDK calls it
			// RemoteImage and keeps "Image" for its own build resource.
			"docker_image": {
				Tok:    tfbridge.MakeResource(pkg, "index", "RemoteImage"),
				Fields: map[string]*tfbridge.SchemaInfo{"name": {Name: "name"}},
			},
			"docker_config": {Tok: tfbridge.MakeResource(pkg, "index", "ServiceConfig")},
			"docker_container": {
				Tok: tfbridge.MakeResource(pkg, "index", "Container"),
				// Names, ports etc. cannot change in place; creating the
				// replacement first would collide with the old container.
				DeleteBeforeReplace: true,
				Fields: map[string]*tfbridge.SchemaInfo{
					// Lists the default pluraliser would rename.
					"command":           {Name: "command"},
					"networks_advanced": {Name: "networksAdvanced"},
				},
			},
		},
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"docker_image": {Tok: tfbridge.MakeDataSource(pkg, "index", "getRemoteImage")},
		},
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
	}
	// Everything else follows the bridge's standard docker_foo_bar ->
	// docker:index/fooBar:FooBar rule, which matches the SDK's index.js.
	info.MustComputeTokens(tokens.SingleModule("docker_", "index", tokens.MakeStandard(pkg)))
	// Makes `name` optional and auto-generated, as the SDK declares it.
	info.SetAutonaming(255, "-")
	return info
}
