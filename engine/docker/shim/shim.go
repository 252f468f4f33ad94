// Package shim re-exports the Terraform docker provider's SDKv2 provider,
// which upstream keeps in an internal package. The bridge needs the
// *schema.Provider value itself, not a gRPC server, to read its schema.
package shim

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// NewProvider returns the SDKv2 half of the upstream provider. The
// plugin-framework half (docker_compose, actions, a few data sources) is
// deliberately left out: none of the resources we serve live there.
func NewProvider() *schema.Provider {
	return provider.New("dev")()
}
