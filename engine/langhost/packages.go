package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// packageJSON is the part of a package.json we read. Provider SDKs such as @pulumi/docker mark
// themselves with "pulumi": {"resource": true, "name": ..., "version": ..., "server": ...}.
type packageJSON struct {
	Name            string            `json:"name"`
	Version         string            `json:"version"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
	Pulumi          struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (packageJSON, error) {
	var p packageJSON
	b, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// GetRequiredPackages lists the resource providers the program's node_modules declare, so the
// engine can load them before the program runs. Like the upstream host we look only in
// node_modules directories below the program directory, and skip nested policy packs (their
// providers are not the program's). Unreadable package.json files are skipped, not fatal.
func (h *host) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	var pkgs []*pulumirpc.PackageDependency
	seen := map[string]bool{}
	var walk func(dir string, inNodeModules bool)
	walk = func(dir string, inNodeModules bool) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		if _, err := os.Stat(filepath.Join(dir, "PulumiPolicy.yaml")); err == nil {
			return
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			if info, err := os.Stat(path); err == nil && info.IsDir() { // Stat follows symlinks
				walk(path, inNodeModules || filepath.Base(dir) == "node_modules")
			} else if inNodeModules && e.Name() == "package.json" {
				if dep := providerOf(path); dep != nil && !seen["pkg:"+dep.Name+"@"+dep.Version] {
					seen["pkg:"+dep.Name+"@"+dep.Version] = true
					pkgs = append(pkgs, dep)
				}
			}
		}
	}
	walk(req.GetInfo().GetProgramDirectory(), false)
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

// providerOf returns the provider a package.json declares, or nil.
func providerOf(path string) *pulumirpc.PackageDependency {
	p, err := readPackageJSON(path)
	if err != nil || !p.Pulumi.Resource {
		return nil
	}
	name := p.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(p.Name, "@pulumi/") {
			return nil // third-party SDKs must name their plugin explicitly
		}
		name = strings.TrimPrefix(p.Name, "@pulumi/")
	}
	ver := p.Pulumi.Version
	if ver == "" {
		ver = p.Version
	}
	if ver == "" {
		return nil
	}
	if !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	return &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: ver, Server: p.Pulumi.Server}
}

// GetProgramDependencies (used by `pulumi about`) reports the direct dependencies of the nearest
// package.json with the versions actually installed, read from node_modules rather than by
// running npm, which is slow and may touch the network.
func (h *host) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	for {
		if _, err := os.Stat(filepath.Join(dir, "package.json")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, fmt.Errorf("pulumi-language-nodejs: no package.json in %s or above",
				req.GetInfo().GetProgramDirectory())
		}
		dir = parent
	}
	root, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("pulumi-language-nodejs: reading package.json: %w", err)
	}
	var names []string
	for n := range root.Dependencies {
		names = append(names, n)
	}
	for n := range root.DevDependencies {
		names = append(names, n)
	}
	sort.Strings(names)
	var deps []*pulumirpc.DependencyInfo
	for _, n := range names {
		ver := "not installed"
		if p, err := readPackageJSON(filepath.Join(dir, "node_modules", n, "package.json")); err == nil {
			ver = p.Version
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: n, Version: ver})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}
