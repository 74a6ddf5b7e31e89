package offline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// targetGroupOutputs answers like CreateTargetGroup: the ARN (which is also the id) and the ARN
// suffix CloudWatch metrics use.
func targetGroupOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	name := str(out, "name") // given or auto-named (mocks_autonames.go)
	suffix := fmt.Sprintf("targetgroup/%s/%s", name, m.hex(id)[:16])
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:%s", m.region, Account, suffix))
	out["arnSuffix"] = resource.NewProperty(suffix)
}
