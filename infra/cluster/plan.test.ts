import { describe, expect, it } from "vitest";
import { clusterPaths } from "./paths.js";
import { processPlan } from "./plan.js";

const input = {
  name: "t1",
  binDir: "/bin/c",
  paths: clusterPaths("/s"),
  ports: { etcdClient: 2001, etcdPeer: 2002, apiserver: 2003, controllerManager: 2004, scheduler: 2005 },
  nodeRuntime: "kwok" as const,
};
const argvOf = (component: string) => processPlan(input).find((p) => p.component === component)?.argv;

describe("processPlan", () => {
  it("starts etcd, the apiserver, the controllers and kwok, in that order", () => {
    expect(processPlan(input).map((p) => p.component)).toEqual([
      "etcd",
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
      "kwok",
    ]);
  });

  it("runs etcd on loopback with mutual TLS and its data in the state directory", () => {
    expect(argvOf("etcd")).toEqual([
      "/bin/c/etcd",
      "--name=t1",
      "--data-dir=/s/etcd",
      "--listen-client-urls=https://127.0.0.1:2001",
      "--advertise-client-urls=https://127.0.0.1:2001",
      "--listen-peer-urls=http://127.0.0.1:2002",
      "--initial-advertise-peer-urls=http://127.0.0.1:2002",
      "--initial-cluster=t1=http://127.0.0.1:2002",
      "--initial-cluster-state=new",
      "--cert-file=/s/pki/etcd-server.crt",
      "--key-file=/s/pki/etcd-server.key",
      "--client-cert-auth=true",
      "--trusted-ca-file=/s/pki/ca.crt",
      "--log-level=warn",
    ]);
  });

  it("runs the apiserver on loopback with Node,RBAC, service-account keys and the default admission (PodSecurity on)", () => {
    expect(argvOf("kube-apiserver")).toEqual([
      "/bin/c/kube-apiserver",
      "--advertise-address=127.0.0.1",
      "--bind-address=127.0.0.1",
      "--secure-port=2003",
      "--etcd-servers=https://127.0.0.1:2001",
      "--etcd-cafile=/s/pki/ca.crt",
      "--etcd-certfile=/s/pki/apiserver-etcd-client.crt",
      "--etcd-keyfile=/s/pki/apiserver-etcd-client.key",
      "--client-ca-file=/s/pki/ca.crt",
      "--tls-cert-file=/s/pki/kube-apiserver.crt",
      "--tls-private-key-file=/s/pki/kube-apiserver.key",
      "--authorization-mode=Node,RBAC",
      "--enable-admission-plugins=NodeRestriction",
      "--service-cluster-ip-range=10.96.0.0/16",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      "--service-account-key-file=/s/pki/service-account.pub",
      "--service-account-signing-key-file=/s/pki/service-account.key",
      "--allow-privileged=false",
      "--endpoint-reconciler-type=none",
      "--profiling=false",
    ]);
    expect(argvOf("kube-apiserver")?.some((a) => a.startsWith("--disable-admission-plugins"))).toBe(false);
  });

  it("runs the controller-manager with per-controller credentials, the root CA, the SA key and the workload controllers", () => {
    expect(argvOf("kube-controller-manager")).toEqual([
      "/bin/c/kube-controller-manager",
      "--kubeconfig=/s/kubeconfig/kube-controller-manager.yaml",
      "--authentication-kubeconfig=/s/kubeconfig/kube-controller-manager.yaml",
      "--authorization-kubeconfig=/s/kubeconfig/kube-controller-manager.yaml",
      "--bind-address=127.0.0.1",
      "--secure-port=2004",
      "--leader-elect=false",
      "--profiling=false",
      "--use-service-account-credentials=true",
      "--root-ca-file=/s/pki/ca.crt",
      "--service-account-private-key-file=/s/pki/service-account.key",
      "--service-cluster-ip-range=10.96.0.0/16",
      "--controllers=deployment-controller,replicaset-controller,statefulset-controller,job-controller," +
        "cronjob-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller," +
        "root-ca-certificate-publisher-controller,garbage-collector-controller,ttl-after-finished-controller," +
        "pod-garbage-collector-controller,endpoints-controller,endpointslice-controller,resourcequota-controller," +
        "disruption-controller,clusterrole-aggregation-controller,node-lifecycle-controller," +
        "persistentvolume-binder-controller,persistentvolume-protection-controller," +
        "persistentvolumeclaim-protection-controller",
    ]);
  });

  it("runs the scheduler on loopback as its own user", () => {
    expect(argvOf("kube-scheduler")).toEqual([
      "/bin/c/kube-scheduler",
      "--kubeconfig=/s/kubeconfig/kube-scheduler.yaml",
      "--authentication-kubeconfig=/s/kubeconfig/kube-scheduler.yaml",
      "--authorization-kubeconfig=/s/kubeconfig/kube-scheduler.yaml",
      "--bind-address=127.0.0.1",
      "--secure-port=2005",
      "--leader-elect=false",
      "--profiling=false",
    ]);
  });

  it("runs kwok for annotated nodes only, with the stages built beside it and no server port", () => {
    expect(argvOf("kwok")).toEqual([
      "/bin/c/kwok",
      "--kubeconfig=/s/kubeconfig/kwok.yaml",
      "--config=/bin/c/kwok-stages.yaml",
      "--manage-all-nodes=false",
      "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
      "--cidr=10.244.0.0/16",
      "--node-lease-duration-seconds=40",
    ]);
  });

  it("binds nothing beyond loopback", () => {
    const addresses = processPlan(input)
      .flatMap((p) => p.argv)
      .flatMap((a) => [...a.matchAll(/\b(\d+\.\d+\.\d+\.\d+):\d+/g)].map((m) => m[1]));
    expect(new Set(addresses)).toEqual(new Set(["127.0.0.1"]));
  });
});
