data "aws_iam_policy_document" "d" {
  source_policy_documents = [data.aws_iam_policy_document.d.json]
  dynamic "statement" {
    for_each = toset(["a", "b"])
    content {
      actions   = ["s3:${statement.value}"]
      resources = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
