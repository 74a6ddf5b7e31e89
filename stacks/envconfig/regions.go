package envconfig

// Regions are the AWS commercial regions enabled by default or by opt-in (AWS General Reference,
// "AWS Regions", retrieved 2026-11). A region outside this list is a typo or a partition this
// toolkit does not target (GovCloud, China).
var Regions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"af-south-1",
	"ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
	"ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
	"il-central-1",
	"me-south-1", "me-central-1",
	"mx-central-1",
	"sa-east-1",
}
