package envconfig

// AutoscalerImageTags pin the cluster autoscaler release for each Kubernetes minor version:
// upstream tests each release only against the Kubernetes minor it is named after and asks users
// to match them (kubernetes/autoscaler, cluster-autoscaler/README.md, "Releases").
//
// Sources: the kubernetes/autoscaler releases of 2026-07-23 (cluster-autoscaler-1.36.1, 1.35.2,
// 1.34.5, 1.33.6, images on registry.k8s.io/autoscaling/cluster-autoscaler); 1.32.7 (2026-02-13)
// and 1.31.4 as kOps pins them (kubernetes/kops, pkg/model/components/clusterautoscaler.go).
// No chart release ships a 1.36 image yet (chart 9.59.0 defaults to v1.35.0; kubernetes/autoscaler
// PR #10091 is still open), so the stack sets the chart's image.tag. A version missing here
// (1.37) needs platform:eks.autoscaler.imageTag.
var AutoscalerImageTags = map[string]string{
	"1.31": "v1.31.4",
	"1.32": "v1.32.7",
	"1.33": "v1.33.6",
	"1.34": "v1.34.5",
	"1.35": "v1.35.2",
	"1.36": "v1.36.1",
}

// AutoscalerImageTag is the image tag the stack installs: the configured one, else the release
// pinned for the cluster's Kubernetes version ("" when none is; validation reports that).
func (e EKS) AutoscalerImageTag() string {
	if e.Autoscaler.ImageTag != "" {
		return e.Autoscaler.ImageTag
	}
	return AutoscalerImageTags[e.Version]
}
