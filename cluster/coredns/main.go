// CoreDNS with only the plugins the cluster's DNS needs (CoreDNS's documented way to choose plugins at
// compile time: set dnsserver.Directives, import the plugins, run coremain). It answers the cluster
// domain from the API (kubernetes), listens where it is told (bind), reports readiness once the API is
// synced (ready) and logs failures (errors); there is no forward plugin: this host has no upstream DNS.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"
)

// The same relative order as CoreDNS's own plugin.cfg: the order plugins see a query in.
var directives = []string{"bind", "ready", "errors", "cache", "kubernetes"}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
