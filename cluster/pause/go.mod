// The pod sandbox ("pause") image's one binary, built by build.sh into pause.tar: the root file system
// `docker import` makes the sandbox image of docker-runtime nodes from (infra/cluster/nodeHost.ts).
// Standard library only.
module verifier.local/cluster/pause

go 1.26.0
