// This nested module exists only so its import path sits under
// github.com/terraform-providers/terraform-provider-docker/, which is what
// Go's internal-package rule checks; that lets it reach internal/provider.
module github.com/terraform-providers/terraform-provider-docker/shim

go 1.25.8

require (
	github.com/hashicorp/terraform-plugin-sdk/v2 v2.40.1
	github.com/terraform-providers/terraform-provider-docker v0.0.0-20260916201441-96d331c98ff4
)
