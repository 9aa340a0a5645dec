<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>Account</name>
    <message>
      <source>账户(&amp;A)</source>
      <translation>&amp;Account</translation>
    </message>
    <message>
      <source>注销 / 切换用户…</source>
      <translation>Log out / Switch user…</translation>
    </message>
    <message>
      <source>锁定</source>
      <translation>Lock</translation>
    </message>
    <message>
      <source>CivDesk 文明创建检查台 — 已锁定</source>
      <translation>CivDesk — Locked</translation>
    </message>
    <message>
      <source>已锁定</source>
      <translation>Locked</translation>
    </message>
    <message>
      <source>{0}（{1}）正在使用。输入密码继续，未完成的工作保持原样。</source>
      <translation>In use by {0} ({1}). Enter the password to continue; unfinished work stays as it was.</translation>
    </message>
    <message>
      <source>{0} 的密码</source>
      <translation>Password of {0}</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>未能保存的输入：{0}。另一人登录时将放弃它。</source>
      <translation>Input that could not be saved: {0}. It is discarded if someone else logs in.</translation>
    </message>
    <message>
      <source>解锁</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <source>切换用户…</source>
      <translation>Switch user…</translation>
    </message>
    <message>
      <source>切换用户</source>
      <translation>Switch user</translation>
    </message>
    <message>
      <source>{0}的以下输入无法保存，切换用户将放弃它：
{1}
仍然切换用户？</source>
      <translation>This input of {0} cannot be saved and is discarded by switching user:
{1}
Switch user anyway?</translation>
    </message>
  </context>
  <context>
    <name>AssignSitesDialog</name>
    <message>
      <source>负责单位：{0}（{1}）</source>
      <translation>Sites of {0} ({1})</translation>
    </message>
    <message>
      <source>检查员只看到并处理勾选的被检单位；一个都不勾选则负责全部单位。</source>
      <translation>The inspector sees and works on the ticked sites only; with none ticked, on every site.</translation>
    </message>
    <message>
      <source>负责单位</source>
      <translation>Sites</translation>
    </message>
  </context>
  <context>
    <name>AuditView</name>
    <message>
      <source>签署</source>
      <translation>Signed</translation>
    </message>
    <message>
      <source>验证整改</source>
      <translation>Rectification verified</translation>
    </message>
    <message>
      <source>审核人</source>
      <translation>reviewer</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Imported</translation>
    </message>
    <message>
      <source>导出</source>
      <translation>Exported</translation>
    </message>
    <message>
      <source>创建</source>
      <translation>Created</translation>
    </message>
    <message>
      <source>作答</source>
      <translation>Answered</translation>
    </message>
    <message>
      <source>清除作答</source>
      <translation>Answer cleared</translation>
    </message>
    <message>
      <source>填写说明</source>
      <translation>Note written</translation>
    </message>
    <message>
      <source>添加照片</source>
      <translation>Photo added</translation>
    </message>
    <message>
      <source>删除照片</source>
      <translation>Photo removed</translation>
    </message>
    <message>
      <source>提交</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>退回</source>
      <translation>Returned</translation>
    </message>
    <message>
      <source>审核通过</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>颁发证书</source>
      <translation>Certificate issued</translation>
    </message>
    <message>
      <source>标记已整改</source>
      <translation>Marked done</translation>
    </message>
    <message>
      <source>要求重新整改</source>
      <translation>Reopened</translation>
    </message>
    <message>
      <source>复查关闭整改</source>
      <translation>Closed by re-inspection</translation>
    </message>
    <message>
      <source>撤销证书</source>
      <translation>Certificate revoked</translation>
    </message>
    <message>
      <source>；说明：{0}</source>
      <translation>; note: {0}</translation>
    </message>
    <message>
      <source>{0} v{1}，{2}</source>
      <translation>{0} v{1}, {2}</translation>
    </message>
    <message>
      <source>{0} 分（{1}%）</source>
      <translation>{0} points ({1}%)</translation>
    </message>
    <message>
      <source>；整改项 {0}</source>
      <translation>; rectifications {0}</translation>
    </message>
    <message>
      <source>原因：{0}</source>
      <translation>Reason: {0}</translation>
    </message>
    <message>
      <source>；有评语的项：{0}</source>
      <translation>; items commented: {0}</translation>
    </message>
    <message>
      <source>作者</source>
      <translation>author</translation>
    </message>
    <message>
      <source>{0}签署；内容摘要 {1}…；状态 {2}</source>
      <translation>Signed as {0}; content hash {1}…; state {2}</translation>
    </message>
    <message>
      <source>证书 {0}；原因：{1}</source>
      <translation>Certificate {0}; reason: {1}</translation>
    </message>
    <message>
      <source>；照片 {0} 张</source>
      <translation>; {0} photo(s)</translation>
    </message>
    <message>
      <source>关闭 {0} 项</source>
      <translation>{0} closed</translation>
    </message>
    <message>
      <source>序号</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>用户</source>
      <translation>Users</translation>
    </message>
    <message>
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>详情</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>正在核对审计链…（共 {0} 条与此检查有关的记录）</source>
      <translation>Verifying the audit chain… ({0} entries about this inspection)</translation>
    </message>
    <message>
      <source>✓ 审计链完整：共 {0} 条与此检查有关的记录，均未被改动。</source>
      <translation>✓ Audit chain intact: {0} entries about this inspection, none altered.</translation>
    </message>
    <message>
      <source>✗ 审计链在第 {0} 条记录处断开：{1}</source>
      <translation>✗ The audit chain breaks at entry {0}: {1}</translation>
    </message>
    <message>
      <source>审计记录 · 检查 {0}</source>
      <translation>Audit trail · inspection {0}</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
  </context>
  <context>
    <name>Backups</name>
    <message>
      <source>选择备份文件</source>
      <translation>Choose a backup file</translation>
    </message>
    <message>
      <source>CivDesk 备份 (*.db *.sqlite);;所有文件 (*)</source>
      <translation>CivDesk backups (*.db *.sqlite);;All files (*)</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>自动备份失败：{0}。CivDesk 照常工作；请检查磁盘空间，或在“设置”中备份到其他位置。</source>
      <translation>Automatic backup failed: {0}. CivDesk keeps working; check the free disk space, or back up to another place in Settings.</translation>
    </message>
    <message>
      <source>✗ 自动备份失败：{0}</source>
      <translation>✗ Automatic backup failed: {0}</translation>
    </message>
    <message>
      <source>从备份恢复</source>
      <translation>Restore from a backup</translation>
    </message>
    <message>
      <source>{0}（自动备份）</source>
      <translation>{0} (automatic backup)</translation>
    </message>
    <message>
      <source>选择文件…</source>
      <translation>Choose a file…</translation>
    </message>
    <message>
      <source>恢复会用所选备份替换当前数据库：该备份之后的更改不在其中。当前数据库改名后保留在数据文件夹中。恢复后 CivDesk 会关闭，请重新启动。恢复前请关闭其他正在使用此数据文件夹的 CivDesk 窗口。</source>
      <translation>Restoring replaces the current database with the chosen backup: changes made after the backup are not in it. The current database is renamed and kept in the data folder. CivDesk closes after the restore; start it again. Close any other CivDesk window using this data folder first.</translation>
    </message>
    <message>
      <source>恢复并关闭</source>
      <translation>Restore and close</translation>
    </message>
    <message>
      <source>这个备份不能使用：{0}</source>
      <translation>This backup cannot be used: {0}</translation>
    </message>
    <message>
      <source>备份</source>
      <translation>Backups</translation>
    </message>
    <message>
      <source>开启</source>
      <translation>On</translation>
    </message>
    <message>
      <source> 小时</source>
      <translation> h</translation>
    </message>
    <message>
      <source> 天</source>
      <translation> days</translation>
    </message>
    <message>
      <source>间隔</source>
      <translation>every</translation>
    </message>
    <message>
      <source>保留最近</source>
      <translation>Keep the last</translation>
    </message>
    <message>
      <source>份，以及</source>
      <translation>backups and, for</translation>
    </message>
    <message>
      <source>内每天一份</source>
      <translation>, one a day</translation>
    </message>
    <message>
      <source>打开备份文件夹</source>
      <translation>Open the backup folder</translation>
    </message>
    <message>
      <source>备份到文件…</source>
      <translation>Back up to a file…</translation>
    </message>
    <message>
      <source>从备份恢复…</source>
      <translation>Restore from a backup…</translation>
    </message>
    <message>
      <source>仅管理员可以备份和恢复</source>
      <translation>Only an administrator backs up and restores</translation>
    </message>
    <message>
      <source>自动备份</source>
      <translation>Automatic backups</translation>
    </message>
    <message>
      <source>最近备份</source>
      <translation>Latest backup</translation>
    </message>
    <message>
      <source>{0}（共 {1} 份，在 {2}）</source>
      <translation>{0} ({1} in all, in {2})</translation>
    </message>
    <message>
      <source>还没有自动备份</source>
      <translation>No automatic backup yet</translation>
    </message>
    <message>
      <source>备份到</source>
      <translation>Back up to</translation>
    </message>
    <message>
      <source>CivDesk 备份 (*.db)</source>
      <translation>CivDesk backup (*.db)</translation>
    </message>
    <message>
      <source>正在复制照片到备份文件夹…</source>
      <translation>Copying photos to the backup folder…</translation>
    </message>
    <message>
      <source>已取消备份：没有写入备份文件。</source>
      <translation>Backup cancelled: no backup file was written.</translation>
    </message>
    <message>
      <source>备份失败：{0}</source>
      <translation>Backup failed: {0}</translation>
    </message>
    <message>
      <source>已备份到 {0}；照片在同一文件夹的 {1} 中，复制备份时请一并复制。</source>
      <translation>Backed up to {0}; the photos are in {1} in the same folder: copy it together with the backup.</translation>
    </message>
    <message>
      <source>已备份到 {0}</source>
      <translation>Backed up to {0}</translation>
    </message>
    <message>
      <source>恢复失败</source>
      <translation>Restore failed</translation>
    </message>
    <message>
      <source>恢复失败：{0}
当前数据库未被替换。请重新启动 CivDesk。</source>
      <translation>Restore failed: {0}
The current database was not replaced. Start CivDesk again.</translation>
    </message>
    <message>
      <source>已从备份恢复：{0}
被替换的数据库保存为：{1}
请重新启动 CivDesk。</source>
      <translation>Restored from the backup: {0}
The replaced database is kept as: {1}
Start CivDesk again.</translation>
    </message>
    <message>
      <source>注意：有 {0} 张照片既不在本机，也不在备份旁的 {1} 文件夹中。</source>
      <translation>Note: {0} photo(s) are neither on this computer nor in the {1} folder beside the backup.</translation>
    </message>
    <message>
      <source>已恢复</source>
      <translation>Restored</translation>
    </message>
  </context>
  <context>
    <name>BandsTable</name>
    <message>
      <source>等级</source>
      <translation>Grade</translation>
    </message>
    <message>
      <source>下限</source>
      <translation>Lower</translation>
    </message>
    <message>
      <source>下限值</source>
      <translation>Lower bound</translation>
    </message>
    <message>
      <source>上限</source>
      <translation>Upper</translation>
    </message>
    <message>
      <source>上限值</source>
      <translation>Upper bound</translation>
    </message>
  </context>
  <context>
    <name>BlankForm</name>
    <message>
      <source>空白检查表…</source>
      <translation>Blank form…</translation>
    </message>
    <message>
      <source>无法生成空白检查表</source>
      <translation>Cannot make the blank form</translation>
    </message>
    <message>
      <source>空白检查表-{0}.pdf</source>
      <translation>Blank form-{0}.pdf</translation>
    </message>
  </context>
  <context>
    <name>CertificateConfirmDialog</name>
    <message>
      <source>颁发证书</source>
      <translation>Issue certificate</translation>
    </message>
    <message>
      <source>确认颁发以下证书？颁发后分配证书编号，检查变为“已发证”。</source>
      <translation>Issue this certificate? Issuing allocates its serial and the inspection becomes “Certified”.</translation>
    </message>
    <message>
      <source>{0}（{1}%）</source>
      <translation>{0} ({1}%)</translation>
    </message>
    <message>
      <source>证书名称</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>证书编号（将分配）</source>
      <translation>Serial (to be allocated)</translation>
    </message>
    <message>
      <source>颁发日期</source>
      <translation>Date of issue</translation>
    </message>
    <message>
      <source>颁发人</source>
      <translation>Issued by</translation>
    </message>
    <message>
      <source>颁发</source>
      <translation>Issue</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>CertificatePanel</name>
    <message>
      <source>颁发证书…</source>
      <translation>Issue certificate…</translation>
    </message>
    <message>
      <source>撤销证书…</source>
      <translation>Revoke certificate…</translation>
    </message>
    <message>
      <source>证书…</source>
      <translation>Certificate…</translation>
    </message>
    <message>
      <source>证书 {0} 已于 {1} 撤销：{2}</source>
      <translation>Certificate {0} was revoked on {1}: {2}</translation>
    </message>
    <message>
      <source>证书已颁发，可预览、保存或打印。</source>
      <translation>Certificate issued: preview, save or print it.</translation>
    </message>
    <message>
      <source>证书-{0}.pdf</source>
      <translation>certificate-{0}.pdf</translation>
    </message>
    <message>
      <source>证书 {0} 已撤销。</source>
      <translation>Certificate {0} revoked.</translation>
    </message>
  </context>
  <context>
    <name>ChangePasswordDialog</name>
    <message>
      <source>设置新密码</source>
      <translation>Choose a new password</translation>
    </message>
    <message>
      <source>管理员重置了 {0} 的密码。请设置只有您自己知道的新密码，然后才能继续使用。</source>
      <translation>An admin reset the password of {0}. Choose a new password that only you know before you continue.</translation>
    </message>
    <message>
      <source>至少 {0} 个字符</source>
      <translation>At least {0} characters</translation>
    </message>
    <message>
      <source>新密码</source>
      <translation>New password</translation>
    </message>
    <message>
      <source>确认新密码</source>
      <translation>Confirm new password</translation>
    </message>
    <message>
      <source>保存并登录</source>
      <translation>Save and sign in</translation>
    </message>
    <message>
      <source>密码至少需要 {0} 个字符。</source>
      <translation>The password needs at least {0} characters.</translation>
    </message>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords differ.</translation>
    </message>
    <message>
      <source>新密码不能与管理员设置的密码相同。</source>
      <translation>The new password must differ from the one the admin set.</translation>
    </message>
  </context>
  <context>
    <name>ConflictDialog</name>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Part</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>是</source>
      <translation>yes</translation>
    </message>
    <message>
      <source>否</source>
      <translation>no</translation>
    </message>
    <message>
      <source>更新时间</source>
      <translation>Updated</translation>
    </message>
    <message>
      <source>提交时间</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>参数</source>
      <translation>Parameters</translation>
    </message>
    <message>
      <source>审核人</source>
      <translation>Reviewer</translation>
    </message>
    <message>
      <source>检查人</source>
      <translation>Inspector</translation>
    </message>
    <message>
      <source>得分</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>满分</source>
      <translation>Maximum</translation>
    </message>
    <message>
      <source>得分率</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>一票否决</source>
      <translation>Veto</translation>
    </message>
    <message>
      <source>签署内容</source>
      <translation>Signed content</translation>
    </message>
    <message>
      <source>复查范围</source>
      <translation>Re-inspection covers</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>创建时间</source>
      <translation>Created</translation>
    </message>
    <message>
      <source>复查的检查</source>
      <translation>Re-inspection of</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>（无）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>{0}：{1}</source>
      <translation>{0}: {1}</translation>
    </message>
    <message>
      <source>（未作答）</source>
      <translation>(not answered)</translation>
    </message>
    <message>
      <source>说明：{0}</source>
      <translation>Note: {0}</translation>
    </message>
    <message>
      <source>— {0}，{1}</source>
      <translation>— {0}, {1}</translation>
    </message>
    <message>
      <source>{0} 张照片：{1}</source>
      <translation>{0} photo(s): {1}</translation>
    </message>
    <message>
      <source>{0}（{1}）{2}</source>
      <translation>{0} ({1}) {2}</translation>
    </message>
    <message>
      <source>待整改</source>
      <translation>open</translation>
    </message>
    <message>
      <source>已整改</source>
      <translation>done</translation>
    </message>
    <message>
      <source>已验证</source>
      <translation>verified</translation>
    </message>
    <message>
      <source>重新整改</source>
      <translation>reopened</translation>
    </message>
    <message>
      <source>整改状态：{0}</source>
      <translation>Rectification: {0}</translation>
    </message>
    <message>
      <source>期限：{0}</source>
      <translation>Due: {0}</translation>
    </message>
    <message>
      <source>整改说明：{0}</source>
      <translation>Note: {0}</translation>
    </message>
    <message>
      <source>检查记录</source>
      <translation>Inspection record</translation>
    </message>
    <message>
      <source>答案 {0}</source>
      <translation>Answer {0}</translation>
    </message>
    <message>
      <source>照片 {0}</source>
      <translation>Photos {0}</translation>
    </message>
    <message>
      <source>审核意见</source>
      <translation>Review comments</translation>
    </message>
    <message>
      <source>签名</source>
      <translation>Signatures</translation>
    </message>
    <message>
      <source>整改 {0}</source>
      <translation>Rectification {0}</translation>
    </message>
    <message>
      <source>本机</source>
      <translation>This computer</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Imported</translation>
    </message>
    <message>
      <source>两者合并</source>
      <translation>Both</translation>
    </message>
    <message>
      <source>本机：{0}，更新于 {1}　　导入：{2}，更新于 {3}</source>
      <translation>This computer: {0}, updated {1}    Imported: {2}, updated {3}</translation>
    </message>
    <message>
      <source>逐项选择</source>
      <translation>Choose per item</translation>
    </message>
    <message>
      <source>全部保留本机</source>
      <translation>Keep this computer's</translation>
    </message>
    <message>
      <source>全部采用导入</source>
      <translation>Take the imported</translation>
    </message>
    <message>
      <source>两份都保留</source>
      <translation>Keep both</translation>
    </message>
    <message>
      <source>本机的检查不变，导入的一份另存为一份新的草稿</source>
      <translation>This computer's inspection stays as it is; the imported one is added as a new draft</translation>
    </message>
    <message>
      <source>保留</source>
      <translation>Keep</translation>
    </message>
    <message>
      <source>请选择</source>
      <translation>Choose</translation>
    </message>
    <message>
      <source>各项都选本机</source>
      <translation>All: this computer's</translation>
    </message>
    <message>
      <source>各项都选导入</source>
      <translation>All: imported</translation>
    </message>
    <message>
      <source>共 {0} 处不同</source>
      <translation>{0} difference(s)</translation>
    </message>
    <message>
      <source>这些选择无法合并：{0}</source>
      <translation>These choices cannot be combined: {0}</translation>
    </message>
    <message>
      <source>处理导入冲突</source>
      <translation>Settle import conflicts</translation>
    </message>
    <message>
      <source>以下 {0} 份检查在本机和导入文件中都被修改过。请逐项选择保留哪一方，或整份选择；两份都保留时，导入的一份另存为新的草稿。未处理的冲突不会被导入，本机数据保持不变。</source>
      <translation>These {0} inspection(s) were changed both on this computer and in the imported file. Choose which side to keep, item by item or as a whole; keeping both adds the imported one as a new draft. A conflict left open is not imported, and this computer's data stays as it is.</translation>
    </message>
    <message>
      <source>按所选导入</source>
      <translation>Import as chosen</translation>
    </message>
    <message>
      <source>暂不处理</source>
      <translation>Not now</translation>
    </message>
    <message>
      <source>已选择 {0} / {1} 份</source>
      <translation>{0} of {1} settled</translation>
    </message>
  </context>
  <context>
    <name>CorruptDialog</name>
    <message>
      <source>数据文件已损坏</source>
      <translation>Damaged data file</translation>
    </message>
    <message>
      <source>CivDesk 无法使用这个数据文件，它已损坏：</source>
      <translation>CivDesk cannot use this data file; it is damaged:</translation>
    </message>
    <message>
      <source>CivDesk 没有写入这个文件。恢复备份时，它会改名后保留在同一文件夹中，不会被删除。</source>
      <translation>CivDesk has not written to this file. Restoring a backup renames it and keeps it in the same folder; it is never deleted.</translation>
    </message>
    <message>
      <source>最近的完好备份：{0}
{1}
恢复后，该备份之后所做的更改需要重新录入。</source>
      <translation>Newest good backup: {0}
{1}
Changes made after this backup will have to be entered again.</translation>
    </message>
    <message>
      <source>数据文件夹中没有可用的自动备份。如有其他备份文件（例如 U 盘上的），请选择它。</source>
      <translation>There is no usable automatic backup in the data folder. If you have another backup (on a USB stick, for example), choose it.</translation>
    </message>
    <message>
      <source>恢复最近的备份</source>
      <translation>Restore the newest backup</translation>
    </message>
    <message>
      <source>选择备份文件…</source>
      <translation>Choose a backup file…</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>选择备份文件</source>
      <translation>Choose a backup file</translation>
    </message>
    <message>
      <source>CivDesk 备份 (*.db *.sqlite);;所有文件 (*)</source>
      <translation>CivDesk backups (*.db *.sqlite);;All files (*)</translation>
    </message>
    <message>
      <source>无法从这个备份恢复：{0}</source>
      <translation>Cannot restore from this backup: {0}</translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message>
      <source>首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>{0}（{1}），您好。</source>
      <translation>Hello, {0} ({1}).</translation>
    </message>
    <message>
      <source> 个月</source>
      <translation> months</translation>
    </message>
    <message>
      <source>超过这么多个月没有检查的被检单位列为“久未检查”</source>
      <translation>Sites with no inspection for this many months are listed as “not inspected lately”</translation>
    </message>
    <message>
      <source>久未检查：超过</source>
      <translation>Not inspected for over</translation>
    </message>
    <message>
      <source>逾期整改</source>
      <translation>Overdue rectifications</translation>
    </message>
    <message>
      <source>久未检查的单位</source>
      <translation>Sites not inspected lately</translation>
    </message>
    <message>
      <source>查看该单位的检查</source>
      <translation>Inspections of this site</translation>
    </message>
    <message>
      <source>各单位最新结果（检查，不含自评和复查）</source>
      <translation>Latest result per site (inspections; no self-assessments or re-inspections)</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>整改期限</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>逾期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>上次检查</source>
      <translation>Last inspection</translation>
    </message>
    <message>
      <source>地区</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>久未检查</source>
      <translation>Not inspected lately</translation>
    </message>
    <message>
      <source>我的待办</source>
      <translation>My work</translation>
    </message>
    <message>
      <source>各单位最新结果（检查，不含自评和复查）：{0} 个单位</source>
      <translation>Latest result per site (inspections; no self-assessments or re-inspections): {0} sites</translation>
    </message>
    <message>
      <source>{0} 天</source>
      <translation>{0} days</translation>
    </message>
    <message>
      <source>从未检查</source>
      <translation>never</translation>
    </message>
    <message>
      <source>逾期整改（{0}）</source>
      <translation>Overdue ({0})</translation>
    </message>
    <message>
      <source>久未检查（{0}）</source>
      <translation>Not inspected ({0})</translation>
    </message>
    <message>
      <source>我的待办（{0}）</source>
      <translation>My work ({0})</translation>
    </message>
    <message>
      <source>得分趋势</source>
      <translation>Score trend</translation>
    </message>
    <message>
      <source>还没有已提交的检查</source>
      <translation>No submitted inspection yet</translation>
    </message>
    <message>
      <source>得分趋势：{0}（{1} 次检查；灰线为全部单位月均）</source>
      <translation>Score trend: {0} ({1} inspections; the grey line is every site's monthly mean)</translation>
    </message>
    <message>
      <source>该单位还没有已提交的检查</source>
      <translation>This site has no submitted inspection yet</translation>
    </message>
  </context>
  <context>
    <name>EvidenceDialog</name>
    <message>
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>添加照片…</source>
      <translation>Add photos…</translation>
    </message>
    <message>
      <source>整改后照片</source>
      <translation>Photos after rectification</translation>
    </message>
    <message>
      <source>选择照片</source>
      <translation>Choose photos</translation>
    </message>
    <message>
      <source>图片 ({0})</source>
      <translation>Images ({0})</translation>
    </message>
  </context>
  <context>
    <name>Exchange</name>
    <message>
      <source>检查表</source>
      <translation>checklists</translation>
    </message>
    <message>
      <source>检查记录</source>
      <translation>inspections</translation>
    </message>
    <message>
      <source>签名</source>
      <translation>signature</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>两份都保留</source>
      <translation>kept both</translation>
    </message>
    <message>
      <source>导出</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>已选择 {0} 份检查</source>
      <translation>{0} inspection(s) selected</translation>
    </message>
    <message>
      <source>未选择检查</source>
      <translation>No inspection selected</translation>
    </message>
    <message>
      <source>交换包（.civpack）</source>
      <translation>Exchange bundle (.civpack)</translation>
    </message>
    <message>
      <source>含答案、照片、签名和整改，签名防篡改，供另一台电脑导入</source>
      <translation>Answers, photos, signatures and rectifications, signed against tampering, for another computer to import</translation>
    </message>
    <message>
      <source>Excel 检查结果（.xlsx）</source>
      <translation>Excel results (.xlsx)</translation>
    </message>
    <message>
      <source>汇总表，每份检查一张工作表</source>
      <translation>A summary sheet and one sheet per inspection</translation>
    </message>
    <message>
      <source>Excel 整改清单（.xlsx）</source>
      <translation>Excel rectification list (.xlsx)</translation>
    </message>
    <message>
      <source>全部整改项及其状态、期限</source>
      <translation>Every rectification with its state and due date</translation>
    </message>
    <message>
      <source>浏览…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>用于以您的签名密钥签署交换包</source>
      <translation>Signs the bundle with your signing key</translation>
    </message>
    <message>
      <source>登录密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>保存到</source>
      <translation>Save to</translation>
    </message>
    <message>
      <source>检查结果-{0}</source>
      <translation>results-{0}</translation>
    </message>
    <message>
      <source>整改清单-{0}</source>
      <translation>rectifications-{0}</translation>
    </message>
    <message>
      <source>CivDesk 交换包 (*.civpack)</source>
      <translation>CivDesk bundle (*.civpack)</translation>
    </message>
    <message>
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <source>导出到</source>
      <translation>Export to</translation>
    </message>
    <message>
      <source>请选择保存位置。</source>
      <translation>Choose where to save.</translation>
    </message>
    <message>
      <source>请输入您的登录密码：交换包要用您的签名密钥签署。</source>
      <translation>Enter your password: the bundle is signed with your signing key.</translation>
    </message>
    <message>
      <source>文件已存在</source>
      <translation>File exists</translation>
    </message>
    <message>
      <source>“{0}”已存在。要替换它吗？</source>
      <translation>“{0}” already exists. Replace it?</translation>
    </message>
    <message>
      <source>未导出：请另选文件名，或确认替换。</source>
      <translation>Not exported: choose another file name, or confirm replacing it.</translation>
    </message>
    <message>
      <source>正在写入 Excel 检查结果…</source>
      <translation>Writing the Excel results…</translation>
    </message>
    <message>
      <source>正在写入 Excel 整改清单…</source>
      <translation>Writing the Excel rectification list…</translation>
    </message>
    <message>
      <source>正在导出</source>
      <translation>Exporting</translation>
    </message>
    <message>
      <source>已导出 {0} 份检查到 {1}（{2}）。</source>
      <translation>Exported {0} inspection(s) to {1} ({2}).</translation>
    </message>
    <message>
      <source>其中 {0} 份是所选检查关联的检查（被复查的或复查它的），一并导出。</source>
      <translation>{0} of them are linked to the chosen ones (followed up or following up) and went with them.</translation>
    </message>
    <message>
      <source>已导出 {0} 份检查的结果到 {1}。</source>
      <translation>Exported the results of {0} inspection(s) to {1}.</translation>
    </message>
    <message>
      <source>已导出整改清单到 {0}。</source>
      <translation>Exported the rectification list to {0}.</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>已取消，未写入任何文件。</source>
      <translation>Cancelled: no file was written.</translation>
    </message>
    <message>
      <source>导出失败，未写入任何文件：{0}</source>
      <translation>Export failed, no file was written: {0}</translation>
    </message>
    <message>
      <source>新增</source>
      <translation>Added</translation>
    </message>
    <message>
      <source>更新</source>
      <translation>Updated</translation>
    </message>
    <message>
      <source>未变</source>
      <translation>Unchanged</translation>
    </message>
    <message>
      <source>冲突</source>
      <translation>Conflicts</translation>
    </message>
    <message>
      <source>冲突已解决</source>
      <translation>Conflict settled</translation>
    </message>
    <message>
      <source>保留本机</source>
      <translation>kept this computer's</translation>
    </message>
    <message>
      <source>采用导入</source>
      <translation>took the imported</translation>
    </message>
    <message>
      <source>逐项合并</source>
      <translation>merged item by item</translation>
    </message>
    <message>
      <source>导入交换包</source>
      <translation>Import a bundle</translation>
    </message>
    <message>
      <source>导入另一台电脑导出的交换包。导入前校验全部内容和签名；有任何问题则整个文件不导入。两边都修改过的检查不会被覆盖，而是列为冲突，由您选择。</source>
      <translation>Import a bundle exported on another computer. Its whole content and signature are checked first; if anything is wrong, nothing in the file is imported. An inspection changed on both sides is never overwritten: it is listed as a conflict for you to settle.</translation>
    </message>
    <message>
      <source>选择 .civpack 文件</source>
      <translation>Choose a .civpack file</translation>
    </message>
    <message>
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Inspection</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>处理冲突…</source>
      <translation>Settle conflicts…</translation>
    </message>
    <message>
      <source>选择交换包</source>
      <translation>Choose a bundle</translation>
    </message>
    <message>
      <source>CivDesk 交换包 (*.civpack);;所有文件 (*)</source>
      <translation>CivDesk bundles (*.civpack);;All files (*)</translation>
    </message>
    <message>
      <source>请选择要导入的交换包。</source>
      <translation>Choose the bundle to import.</translation>
    </message>
    <message>
      <source>正在校验</source>
      <translation>Checking</translation>
    </message>
    <message>
      <source>正在写入</source>
      <translation>Writing</translation>
    </message>
    <message>
      <source>已取消，未导入任何内容。</source>
      <translation>Cancelled: nothing was imported.</translation>
    </message>
    <message>
      <source>导入失败，未导入任何内容：{0}</source>
      <translation>Import failed, nothing was imported: {0}</translation>
    </message>
    <message>
      <source>来自 {0}（{1}），导出于 {2}。</source>
      <translation>From {0} ({1}), exported {2}.</translation>
    </message>
    <message>
      <source>签名证书本机已知。</source>
      <translation>The signing certificate is known here.</translation>
    </message>
    <message>
      <source>签名证书首次收到，已记录在本机。</source>
      <translation>The signing certificate is new here and has been recorded.</translation>
    </message>
    <message>
      <source>被检单位 {0} 个</source>
      <translation>{0} site(s)</translation>
    </message>
    <message>
      <source>人员 {0} 位</source>
      <translation>{0} person(s)</translation>
    </message>
    <message>
      <source>检查表 {0} 个</source>
      <translation>{0} checklist(s)</translation>
    </message>
    <message>
      <source>随之新建：{0}。</source>
      <translation>Added with them: {0}.</translation>
    </message>
    <message>
      <source>、</source>
      <translation>, </translation>
    </message>
    <message>
      <source>已解决冲突 {0} 份。</source>
      <translation>{0} conflict(s) settled.</translation>
    </message>
    <message>
      <source>有 {0} 份检查两边都修改过，尚未导入：请点“处理冲突…”。</source>
      <translation>{0} inspection(s) were changed on both sides and are not imported yet: click "Settle conflicts…".</translation>
    </message>
    <message>
      <source>本机已有这些内容，没有任何更改。</source>
      <translation>This computer already has all of it; nothing changed.</translation>
    </message>
    <message>
      <source>导入完成，用时 {0:.1f} 秒</source>
      <translation>Imported in {0:.1f} s</translation>
    </message>
    <message>
      <source>再次导入</source>
      <translation>Import again</translation>
    </message>
    <message>
      <source>文件被拒绝，未导入任何内容：{0}</source>
      <translation>File refused, nothing was imported: {0}</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>photos</translation>
    </message>
    <message>
      <source>人员与被检单位</source>
      <translation>people and sites</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>{0}：{1}（{2}/{3}）</source>
      <translation>{0}: {1} ({2}/{3})</translation>
    </message>
    <message>
      <source>正在取消…</source>
      <translation>Cancelling…</translation>
    </message>
  </context>
  <context>
    <name>ExchangeMenu</name>
    <message>
      <source>数据(&amp;D)</source>
      <translation>&amp;Data</translation>
    </message>
    <message>
      <source>导入交换包…</source>
      <translation>Import a bundle…</translation>
    </message>
    <message>
      <source>导出所选检查…</source>
      <translation>Export selected inspections…</translation>
    </message>
    <message>
      <source>导出整改清单（Excel）…</source>
      <translation>Export the rectification list (Excel)…</translation>
    </message>
  </context>
  <context>
    <name>FirstRunDialog</name>
    <message>
      <source>CivDesk 文明创建检查台 — 首次使用</source>
      <translation>CivDesk — First run</translation>
    </message>
    <message>
      <source>这是一个新的数据文件夹，还没有任何用户。请先创建管理员账户。</source>
      <translation>This is a new data folder with no users yet. Create the administrator account first.</translation>
    </message>
    <message>
      <source>数据文件夹：{0}</source>
      <translation>Data folder: {0}</translation>
    </message>
    <message>
      <source>例如：系统管理员</source>
      <translation>e.g. System administrator</translation>
    </message>
    <message>
      <source>至少 {0} 个字符</source>
      <translation>At least {0} characters</translation>
    </message>
    <message>
      <source>例如：杭州市交通运输局</source>
      <translation>e.g. Hangzhou Transport Bureau</translation>
    </message>
    <message>
      <source>选择公章图片…</source>
      <translation>Choose seal image…</translation>
    </message>
    <message>
      <source>未选择（可稍后在“设置”中添加）</source>
      <translation>None chosen (can be added later in Settings)</translation>
    </message>
    <message>
      <source>证书、检查报告和整改通知书以此单位的名义出具。未填写单位名称时不能颁发证书；也可以稍后在“设置”中填写。</source>
      <translation>Certificates, inspection reports and rectification notices are issued in this organisation's name. Without it no certificate can be issued; it can also be entered later in Settings.</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>确认密码</source>
      <translation>Confirm password</translation>
    </message>
    <message>
      <source>出具单位</source>
      <translation>Issuing organisation</translation>
    </message>
    <message>
      <source>公章图片</source>
      <translation>Seal image</translation>
    </message>
    <message>
      <source>创建管理员</source>
      <translation>Create administrator</translation>
    </message>
    <message>
      <source>载入演示数据</source>
      <translation>Load demo data</translation>
    </message>
    <message>
      <source>填入演示用户、被检单位和各种状态的检查，便于试用</source>
      <translation>Fill in demo users, sites and inspections in every state, to try CivDesk out</translation>
    </message>
    <message>
      <source>用户名不能为空，也不能包含空格。</source>
      <translation>The user name must not be empty or contain spaces.</translation>
    </message>
    <message>
      <source>密码至少需要 {0} 个字符。</source>
      <translation>The password needs at least {0} characters.</translation>
    </message>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords differ.</translation>
    </message>
    <message>
      <source>单位名称过长（最多 200 个字）。</source>
      <translation>The organisation's name is too long (at most 200 characters).</translation>
    </message>
    <message>
      <source>无法创建管理员：{0}</source>
      <translation>Cannot create the administrator: {0}</translation>
    </message>
    <message>
      <source>选择公章图片</source>
      <translation>Choose the seal image</translation>
    </message>
    <message>
      <source>PNG 图片 (*.png)</source>
      <translation>PNG images (*.png)</translation>
    </message>
    <message>
      <source>“{0}”不是可用的 PNG 图片。</source>
      <translation>“{0}” is not a usable PNG image.</translation>
    </message>
  </context>
  <context>
    <name>FormDialog</name>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>HubFiguresView</name>
    <message>
      <source>名次</source>
      <translation>Rank</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>得分率</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Grade</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>逾期整改</source>
      <translation>Overdue rectifications</translation>
    </message>
    <message>
      <source>最早期限</source>
      <translation>Earliest due</translation>
    </message>
    <message>
      <source>月份</source>
      <translation>Month</translation>
    </message>
    <message>
      <source>平均得分率</source>
      <translation>Average score</translation>
    </message>
    <message>
      <source>检查数</source>
      <translation>Inspections</translation>
    </message>
    <message>
      <source>最新结果排名</source>
      <translation>Ranking by latest result</translation>
    </message>
    <message>
      <source>月度趋势</source>
      <translation>Monthly trend</translation>
    </message>
    <message>
      <source>还没有从同步服务器取得全组织的数据</source>
      <translation>No organisation figures from the sync server yet</translation>
    </message>
    <message>
      <source>全组织：{0} 个单位，{1} 份检查（同步服务器计算，{2} 更新）</source>
      <translation>Organisation: {0} sites, {1} inspections (computed by the sync server, updated {2})</translation>
    </message>
    <message>
      <source>一票否决</source>
      <translation>Veto</translation>
    </message>
    <message>
      <source>全组织</source>
      <translation>Organisation</translation>
    </message>
  </context>
  <context>
    <name>InspectionsModel</name>
    <message>
      <source>编号</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>得分率</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>检查人</source>
      <translation>Inspector</translation>
    </message>
    <message>
      <source>创建时间</source>
      <translation>Created</translation>
    </message>
    <message>
      <source>更新时间</source>
      <translation>Updated</translation>
    </message>
  </context>
  <context>
    <name>InspectionsPage</name>
    <message>
      <source>检查</source>
      <translation>Inspections</translation>
    </message>
    <message>
      <source>搜索：被检单位、检查表、检查人、编号</source>
      <translation>Search: site, checklist, inspector, number</translation>
    </message>
    <message>
      <source>全部状态</source>
      <translation>All states</translation>
    </message>
    <message>
      <source>新建检查…</source>
      <translation>New inspection…</translation>
    </message>
    <message>
      <source>打开</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>审核 / 签署…</source>
      <translation>Review / sign…</translation>
    </message>
    <message>
      <source>导出…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>把选中的检查导出为交换包或 Excel（可按住 Ctrl 或 Shift 多选）</source>
      <translation>Export the selected inspections as a bundle or to Excel (Ctrl or Shift selects several)</translation>
    </message>
    <message>
      <source>从</source>
      <translation>From</translation>
    </message>
    <message>
      <source>到</source>
      <translation>to</translation>
    </message>
    <message>
      <source>不限</source>
      <translation>any</translation>
    </message>
    <message>
      <source>全部被检单位</source>
      <translation>All sites</translation>
    </message>
    <message>
      <source>全部检查表</source>
      <translation>All checklists</translation>
    </message>
    <message>
      <source>超过 {0} 条</source>
      <translation>more than {0}</translation>
    </message>
    <message>
      <source>共 {0} 条</source>
      <translation>{0} inspections</translation>
    </message>
  </context>
  <context>
    <name>ItemCard</name>
    <message>
      <source>作答</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>说明 / 备注（Ctrl+N）</source>
      <translation>Note (Ctrl+N)</translation>
    </message>
    <message>
      <source>照片（Ctrl+I 添加，或拖放到卡片上）</source>
      <translation>Photos (Ctrl+I to add, or drop them on the card)</translation>
    </message>
    <message>
      <source>检查方法：{0}</source>
      <translation>How to check: {0}</translation>
    </message>
    <message>
      <source>由 {0} 计分</source>
      <translation>Scored by {0}</translation>
    </message>
    <message>
      <source>{0} 分</source>
      <translation>{0} pts</translation>
    </message>
    <message>
      <source>必答</source>
      <translation>Required</translation>
    </message>
    <message>
      <source>选答</source>
      <translation>Optional</translation>
    </message>
    <message>
      <source>一票否决项</source>
      <translation>Veto item</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>a photo</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>a note</translation>
    </message>
    <message>
      <source>不符合时需{0}</source>
      <translation>Needs {0} when failed</translation>
    </message>
    <message>
      <source>和</source>
      <translation> and </translation>
    </message>
  </context>
  <context>
    <name>ItemForm</name>
    <message>
      <source>修改编号</source>
      <translation>Change code</translation>
    </message>
    <message>
      <source>修改测评标准</source>
      <translation>Change criterion</translation>
    </message>
    <message>
      <source>修改检查方法说明</source>
      <translation>Change guidance</translation>
    </message>
    <message>
      <source>修改测评方法</source>
      <translation>Change method</translation>
    </message>
    <message>
      <source> 分</source>
      <translation> pts</translation>
    </message>
    <message>
      <source>修改分值</source>
      <translation>Change points</translation>
    </message>
    <message>
      <source>必答</source>
      <translation>Required</translation>
    </message>
    <message>
      <source>修改必答</source>
      <translation>Change required</translation>
    </message>
    <message>
      <source>一票否决</source>
      <translation>Veto</translation>
    </message>
    <message>
      <source>修改一票否决</source>
      <translation>Change veto</translation>
    </message>
    <message>
      <source>不符合时须拍照</source>
      <translation>Photo when failing</translation>
    </message>
    <message>
      <source>不符合时须说明</source>
      <translation>Note when failing</translation>
    </message>
    <message>
      <source>单独设置</source>
      <translation>Own value</translation>
    </message>
    <message>
      <source>修改基本符合比例</source>
      <translation>Change partial share</translation>
    </message>
    <message>
      <source> 分/次</source>
      <translation> pts each</translation>
    </message>
    <message>
      <source>修改每次扣分</source>
      <translation>Change deduction</translation>
    </message>
    <message>
      <source>修改单位</source>
      <translation>Change unit</translation>
    </message>
    <message>
      <source>修改最小值</source>
      <translation>Change minimum</translation>
    </message>
    <message>
      <source>修改最大值</source>
      <translation>Change maximum</translation>
    </message>
    <message>
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>最小值</source>
      <translation>Min</translation>
    </message>
    <message>
      <source>最大值</source>
      <translation>Max</translation>
    </message>
    <message>
      <source>按数值分档（填百分比等数值，按分档得出合格等级）</source>
      <translation>Banded by value (a number such as a percentage is mapped to a tier)</translation>
    </message>
    <message>
      <source>添加分档</source>
      <translation>Add band</translation>
    </message>
    <message>
      <source>删除分档</source>
      <translation>Remove band</translation>
    </message>
    <message>
      <source>分档</source>
      <translation>Bands</translation>
    </message>
    <message>
      <source>分档依据</source>
      <translation>Bands by</translation>
    </message>
    <message>
      <source>参数值</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>例：“&gt;31% 优秀”填 下限 &gt; 31；31 本身不属于优秀。各档不得重叠或留空隙。</source>
      <translation>E.g. “&gt;31% excellent”: lower &gt; 31; 31 itself is not excellent. Bands must neither overlap nor leave gaps.</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>测评标准</source>
      <translation>Criterion</translation>
    </message>
    <message>
      <source>检查方法说明</source>
      <translation>Guidance</translation>
    </message>
    <message>
      <source>测评方法</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>分值</source>
      <translation>Points</translation>
    </message>
    <message>
      <source>基本符合得分比例</source>
      <translation>Partial share</translation>
    </message>
    <message>
      <source>每次违规扣分</source>
      <translation>Per violation</translation>
    </message>
    <message>
      <source>数值</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>（按检查表设置：{0}）</source>
      <translation>(checklist setting: {0})</translation>
    </message>
    <message>
      <source>统一分档</source>
      <translation>Same for all</translation>
    </message>
    <message>
      <source>按地区</source>
      <translation>By region</translation>
    </message>
    <message>
      <source>按{0}</source>
      <translation>By {0}</translation>
    </message>
    <message>
      <source>修改证据要求</source>
      <translation>Change evidence rules</translation>
    </message>
    <message>
      <source>修改分档</source>
      <translation>Change bands</translation>
    </message>
    <message>
      <source>按参数分档</source>
      <translation>Bands by parameter</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>CivDesk 文明创建检查台 — 登录</source>
      <translation>CivDesk — Log in</translation>
    </message>
    <message>
      <source>文明创建检查台</source>
      <translation>Civilisation Inspection Desk</translation>
    </message>
    <message>
      <source>数据文件夹：{0}</source>
      <translation>Data folder: {0}</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>请输入用户名。</source>
      <translation>Enter your user name.</translation>
    </message>
    <message>
      <source>用户名或密码错误。</source>
      <translation>Wrong user name or password.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>CivDesk 文明创建检查台</source>
      <translation>CivDesk — Civilisation Inspection Desk</translation>
    </message>
    <message>
      <source>首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>我的待办</source>
      <translation>My work</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Inspections</translation>
    </message>
    <message>
      <source>整改</source>
      <translation>Rectifications</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Sites</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklists</translation>
    </message>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>用户</source>
      <translation>Users</translation>
    </message>
    <message>
      <source>文明创建检查台</source>
      <translation>Inspection Desk</translation>
    </message>
    <message>
      <source>用户：{0}（{1}）</source>
      <translation>User: {0} ({1})</translation>
    </message>
    <message>
      <source>数据文件夹：{0}</source>
      <translation>Data folder: {0}</translation>
    </message>
    <message>
      <source>该检查不存在（可能已被删除）。</source>
      <translation>this inspection does not exist (it may have been deleted).</translation>
    </message>
    <message>
      <source>不能打开检查 #{0}：{1}</source>
      <translation>Cannot open inspection #{0}: {1}</translation>
    </message>
    <message>
      <source>无法打开检查</source>
      <translation>Cannot open the inspection</translation>
    </message>
  </context>
  <context>
    <name>MyWorkPage</name>
    <message>
      <source>我的待办</source>
      <translation>My work</translation>
    </message>
    <message>
      <source>没有等您处理的事项。</source>
      <translation>Nothing is waiting for you.</translation>
    </message>
    <message>
      <source>{0} 项等您处理，其中 {1} 项已逾期（排在最前）。双击或回车打开。</source>
      <translation>{0} item(s) wait for you, {1} of them overdue (listed first). Double-click or press Enter to open one.</translation>
    </message>
    <message>
      <source>{0} 项等您处理。双击或回车打开。</source>
      <translation>{0} item(s) wait for you. Double-click or press Enter to open one.</translation>
    </message>
  </context>
  <context>
    <name>NewInspectionDialog</name>
    <message>
      <source>新建检查</source>
      <translation>New inspection</translation>
    </message>
    <message>
      <source>{0}（{1} 项）</source>
      <translation>{0} ({1} items)</translation>
    </message>
    <message>
      <source>复查的检查</source>
      <translation>Re-inspection of</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>开始检查</source>
      <translation>Start</translation>
    </message>
    <message>
      <source>预览、保存或打印所选检查表的空白表，用于纸面记录</source>
      <translation>Preview, save or print the chosen checklist's blank form, for recording on paper</translation>
    </message>
    <message>
      <source>{0}（{1} · {2}）</source>
      <translation>{0} ({1} · {2})</translation>
    </message>
    <message>
      <source>请选择检查表、被检单位和类型。</source>
      <translation>Choose a checklist, a site and a type.</translation>
    </message>
    <message>
      <source>复查需要选择一次已提交的检查。</source>
      <translation>A re-inspection follows a submitted inspection: choose one.</translation>
    </message>
    <message>
      <source>无法新建检查：{0}</source>
      <translation>Cannot start the inspection: {0}</translation>
    </message>
  </context>
  <context>
    <name>NextSteps</name>
    <message>
      <source>还没有被检单位。先新增收费站、服务窗口等被检单位：检查和自评都要选择被检单位。</source>
      <translation>No sites yet. Add the toll stations, service windows and other sites first: every inspection and self-assessment is of a site.</translation>
    </message>
    <message>
      <source>新增被检单位…</source>
      <translation>Add sites…</translation>
    </message>
    <message>
      <source>还没有检查员或站长账户。新增用户：检查员做检查，站长审核本单位的检查、管理自评和整改（站长和职工要指定所属被检单位）。</source>
      <translation>No inspector or station manager accounts yet. Add users: inspectors inspect; managers review their site's inspections and run its self-assessments and rectifications (managers and staff belong to a site).</translation>
    </message>
    <message>
      <source>新增用户…</source>
      <translation>Add user…</translation>
    </message>
    <message>
      <source>管理员不新建检查：检查和复查由检查员新建，自评由被检单位的站长或职工新建。</source>
      <translation>Admins do not start inspections: inspectors start inspections and re-inspections; a site's manager or staff start its self-assessments.</translation>
    </message>
    <message>
      <source>还没有被检单位，无法新建检查：请管理员先新增被检单位。</source>
      <translation>No sites yet, so no inspection can be started: ask an admin to add sites first.</translation>
    </message>
    <message>
      <source>您还没有所属的被检单位，无法新建自评：请管理员在“用户”页为您指定单位。</source>
      <translation>You belong to no site yet, so no self-assessment can be started: ask an admin to assign your site on the Users page.</translation>
    </message>
    <message>
      <source>还没有被检单位。点“新增…”添加第一个：名称、类型（收费站、服务窗口、单位、城市）和地区。</source>
      <translation>No sites yet. Press “Add…” for the first one: name, kind (toll station, service window, unit, city) and region.</translation>
    </message>
    <message>
      <source>还没有被检单位，请管理员新增。</source>
      <translation>No sites yet; an admin adds them.</translation>
    </message>
    <message>
      <source>目前只有管理员账户。点“新增用户…”为检查员、站长和职工建立账户；站长和职工要指定所属被检单位（请先在“被检单位”页新增）。</source>
      <translation>Only admin accounts so far. Press “Add user…” to create accounts for inspectors, station managers and staff; managers and staff belong to a site (add sites first on the Sites page).</translation>
    </message>
    <message>
      <source>开始使用</source>
      <translation>Getting started</translation>
    </message>
    <message>
      <source>{0}. 之后检查员登录即可新建检查，站长或职工可新建自评。</source>
      <translation>{0}. Then inspectors log in to start inspections, and managers or staff to start self-assessments.</translation>
    </message>
  </context>
  <context>
    <name>NoteEditor</name>
    <message>
      <source>说明 / 备注：现场情况、不符合的原因（Ctrl+N）</source>
      <translation>Note: what you found, why it fails (Ctrl+N)</translation>
    </message>
  </context>
  <context>
    <name>PdfPreview</name>
    <message>
      <source>缩小</source>
      <translation>Zoom out</translation>
    </message>
    <message>
      <source>放大</source>
      <translation>Zoom in</translation>
    </message>
    <message>
      <source>另存为…</source>
      <translation>Save as…</translation>
    </message>
    <message>
      <source>打印…</source>
      <translation>Print…</translation>
    </message>
    <message numerus="yes">
      <source>共 %n 页</source>
      <translation>
        <numerusform>%n page</numerusform>
        <numerusform>%n pages</numerusform>
      </translation>
    </message>
    <message>
      <source>另存为</source>
      <translation>Save as</translation>
    </message>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>无法保存</source>
      <translation>Cannot save</translation>
    </message>
  </context>
  <context>
    <name>PhotoStrip</name>
    <message>
      <source>暂无照片。可点“添加照片”（Ctrl+I），或把照片文件拖到此卡片上。</source>
      <translation>No photos yet. Click "Add photos" (Ctrl+I), or drop photo files on this card.</translation>
    </message>
    <message>
      <source>添加照片…</source>
      <translation>Add photos…</translation>
    </message>
    <message>
      <source>查看</source>
      <translation>View</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Remove</translation>
    </message>
    <message>
      <source>选择照片</source>
      <translation>Choose photos</translation>
    </message>
    <message>
      <source>图片 ({0})</source>
      <translation>Images ({0})</translation>
    </message>
  </context>
  <context>
    <name>RecordTable</name>
    <message>
      <source>添加</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Remove</translation>
    </message>
  </context>
  <context>
    <name>RectificationsModel</name>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Inspection</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Owner</translation>
    </message>
    <message>
      <source>整改期限</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>整改说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>待整改</source>
      <translation>open</translation>
    </message>
    <message>
      <source>已整改</source>
      <translation>done</translation>
    </message>
    <message>
      <source>已验证</source>
      <translation>verified</translation>
    </message>
    <message>
      <source>重新整改</source>
      <translation>reopened</translation>
    </message>
    <message>
      <source>复查已关闭</source>
      <translation>Closed by re-inspection</translation>
    </message>
    <message>
      <source>（逾期）</source>
      <translation> (overdue)</translation>
    </message>
  </context>
  <context>
    <name>RectificationsPage</name>
    <message>
      <source>整改</source>
      <translation>Rectifications</translation>
    </message>
    <message>
      <source>整改通知书…</source>
      <translation>Rectification notice…</translation>
    </message>
    <message>
      <source>复查</source>
      <translation>Re-inspect</translation>
    </message>
    <message>
      <source>对所选整改所属检查的未完成整改项发起复查</source>
      <translation>Start a re-inspection of the open rectifications of the selected one's inspection</translation>
    </message>
    <message>
      <source>全部状态</source>
      <translation>All states</translation>
    </message>
    <message>
      <source>待整改</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>已逾期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>已整改</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>已验证</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>重新整改</source>
      <translation>Reopened</translation>
    </message>
    <message>
      <source>复查已关闭</source>
      <translation>Closed by re-inspection</translation>
    </message>
    <message>
      <source>不限</source>
      <translation>Any</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Owner</translation>
    </message>
    <message>
      <source>期限不晚于</source>
      <translation>Due by</translation>
    </message>
    <message>
      <source>标记已整改…</source>
      <translation>Mark done…</translation>
    </message>
    <message>
      <source>验证通过</source>
      <translation>Verify</translation>
    </message>
    <message>
      <source>要求重新整改…</source>
      <translation>Reopen…</translation>
    </message>
    <message>
      <source>查看检查</source>
      <translation>Open inspection</translation>
    </message>
    <message>
      <source>全部被检单位</source>
      <translation>All sites</translation>
    </message>
    <message>
      <source>全部负责人</source>
      <translation>All owners</translation>
    </message>
    <message>
      <source>共 {0} 项</source>
      <translation>{0} items</translation>
    </message>
    <message>
      <source>没有符合条件的整改项。</source>
      <translation>No rectification matches.</translation>
    </message>
    <message>
      <source>被检单位：{0}</source>
      <translation>Site: {0}</translation>
    </message>
    <message>
      <source>负责人：{0}　整改期限：{1}</source>
      <translation>Owner: {0}   Due: {1}</translation>
    </message>
    <message>
      <source>（无站长）</source>
      <translation>(no manager)</translation>
    </message>
    <message>
      <source>状态：{0}</source>
      <translation>State: {0}</translation>
    </message>
    <message>
      <source>整改说明：{0}</source>
      <translation>Note: {0}</translation>
    </message>
    <message>
      <source>等待被检单位站长整改并提交证据。</source>
      <translation>Waiting for the site manager to fix it and give evidence.</translation>
    </message>
    <message>
      <source>需重新整改并再次提交证据。</source>
      <translation>To be fixed again, with new evidence.</translation>
    </message>
    <message>
      <source>等待检查员验证。</source>
      <translation>Waiting for an inspector to verify it.</translation>
    </message>
    <message>
      <source>整改已验证。</source>
      <translation>Rectification verified.</translation>
    </message>
    <message>
      <source>标记已整改：{0}</source>
      <translation>Mark done: {0}</translation>
    </message>
    <message>
      <source>整改说明（做了什么，何时完成）</source>
      <translation>What was done, and when</translation>
    </message>
    <message>
      <source>已标记为已整改，等待验证。</source>
      <translation>Marked done; waiting for verification.</translation>
    </message>
    <message>
      <source>要求重新整改：{0}</source>
      <translation>Reopen: {0}</translation>
    </message>
    <message>
      <source>原因（哪里还不符合要求）</source>
      <translation>Reason (what still does not meet the criterion)</translation>
    </message>
    <message>
      <source>已要求重新整改。</source>
      <translation>Reopened.</translation>
    </message>
    <message>
      <source>已创建复查 #{0}。</source>
      <translation>Re-inspection #{0} created.</translation>
    </message>
    <message>
      <source>整改通知书-{0}.pdf</source>
      <translation>rectification-notice-{0}.pdf</translation>
    </message>
  </context>
  <context>
    <name>ResetPasswordDialog</name>
    <message>
      <source>重置密码：{0}（{1}）</source>
      <translation>Reset password: {0} ({1})</translation>
    </message>
    <message>
      <source>重置后该用户下次签署时将生成新的签名密钥；用旧密钥做的签名仍可验证。</source>
      <translation>After a reset the user gets a new signing key at their next signature; signatures made with the old key stay verifiable.</translation>
    </message>
    <message>
      <source>至少 {0} 个字符</source>
      <translation>At least {0} characters</translation>
    </message>
    <message>
      <source>再输入一次</source>
      <translation>Type it again</translation>
    </message>
    <message>
      <source>新密码</source>
      <translation>New password</translation>
    </message>
    <message>
      <source>确认密码</source>
      <translation>Confirm password</translation>
    </message>
    <message>
      <source>重置密码</source>
      <translation>Reset password</translation>
    </message>
  </context>
  <context>
    <name>ReviewPage</name>
    <message>
      <source>← 返回列表</source>
      <translation>← Back to list</translation>
    </message>
    <message>
      <source>只显示差异项</source>
      <translation>Differences only</translation>
    </message>
    <message>
      <source>逐项查看</source>
      <translation>Item by item</translation>
    </message>
    <message>
      <source>审计记录…</source>
      <translation>Audit trail…</translation>
    </message>
    <message>
      <source>检查报告…</source>
      <translation>Inspection report…</translation>
    </message>
    <message>
      <source>整改通知书…</source>
      <translation>Rectification notice…</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>本次作答</source>
      <translation>This answer</translation>
    </message>
    <message>
      <source>得分</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>上次作答</source>
      <translation>Previous</translation>
    </message>
    <message>
      <source>上次得分</source>
      <translation>Prev. pts</translation>
    </message>
    <message>
      <source>评语</source>
      <translation>Comment</translation>
    </message>
    <message>
      <source>当前检查项</source>
      <translation>Current item</translation>
    </message>
    <message>
      <source>对此项的评语（随退回发送）</source>
      <translation>Comment on this item (sent with a return)</translation>
    </message>
    <message>
      <source>例如：该项证据不足，请补充照片</source>
      <translation>e.g. Not enough evidence, please add a photo</translation>
    </message>
    <message>
      <source>退回原因（必填），或审核意见</source>
      <translation>Reason for returning (required), or a review comment</translation>
    </message>
    <message>
      <source>退回修改</source>
      <translation>Return</translation>
    </message>
    <message>
      <source>审核通过</source>
      <translation>Approve</translation>
    </message>
    <message>
      <source>退回原因 / 审核意见</source>
      <translation>Reason for return / review comment</translation>
    </message>
    <message>
      <source>签署…</source>
      <translation>Sign…</translation>
    </message>
    <message>
      <source>签署</source>
      <translation>Signatures</translation>
    </message>
    <message>
      <source>文档与记录</source>
      <translation>Documents and records</translation>
    </message>
    <message>
      <source>审核与签署 · {0}</source>
      <translation>Review and sign-off · {0}</translation>
    </message>
    <message>
      <source>作者：{0}</source>
      <translation>Author: {0}</translation>
    </message>
    <message>
      <source>{0} / {1} 分 · {2}% · {3}</source>
      <translation>{0} / {1} points · {2}% · {3}</translation>
    </message>
    <message>
      <source>对比：该单位在此检查表上没有以往结果。</source>
      <translation>Compared with: this site has no earlier result on this checklist.</translation>
    </message>
    <message>
      <source>对比：{0} {1}（{2}）{3} 分 · {4} — {5} 项不同，已用黄色标出</source>
      <translation>Compared with: {0} {1} ({2}) {3} points · {4} — {5} items differ, marked yellow</translation>
    </message>
    <message>
      <source>未作答</source>
      <translation>unanswered</translation>
    </message>
    <message>
      <source>{0} 退回（{1}）：{2}</source>
      <translation>Returned by {0} ({1}): {2}</translation>
    </message>
    <message>
      <source>{0} 审核通过</source>
      <translation>Approved by {0}</translation>
    </message>
    <message>
      <source>：{0}</source>
      <translation>: {0}</translation>
    </message>
    <message>
      <source>等待被检单位站长审核。</source>
      <translation>Waiting for the site manager's review.</translation>
    </message>
    <message>
      <source>作者</source>
      <translation>Author</translation>
    </message>
    <message>
      <source>审核人</source>
      <translation>Reviewer</translation>
    </message>
    <message>
      <source>✓ 已签署 {0}</source>
      <translation>✓ signed {0}</translation>
    </message>
    <message>
      <source>待签署</source>
      <translation>to sign</translation>
    </message>
    <message>
      <source>审核通过后，作者和审核人分别签署。</source>
      <translation>Once approved, the author and the reviewer each sign.</translation>
    </message>
    <message>
      <source>双方已签署，检查已冻结（内容摘要 {0}…）。</source>
      <translation>Both have signed; the inspection is frozen (content hash {0}…).</translation>
    </message>
    <message>
      <source>本次说明：{0}</source>
      <translation>Note: {0}</translation>
    </message>
    <message>
      <source>照片 {0} 张</source>
      <translation>{0} photo(s)</translation>
    </message>
    <message>
      <source>上次说明：{0}</source>
      <translation>Previous note: {0}</translation>
    </message>
    <message>
      <source>{0} 的评语：{1}</source>
      <translation>Comment by {0}: {1}</translation>
    </message>
    <message>
      <source>对第 {0} 项的评语（随退回发送）</source>
      <translation>Comment on item {0} (sent with a return)</translation>
    </message>
    <message>
      <source>已恢复您上次未发送的审核意见（{0} 条评语）。</source>
      <translation>Your unsent review from last time was restored ({0} item comment(s)).</translation>
    </message>
    <message>
      <source>审核意见已暂存（{0} 条评语），离开本页也不会丢失。</source>
      <translation>Review kept as a draft ({0} item comment(s)); leaving this page loses nothing.</translation>
    </message>
    <message>
      <source>已退回给作者修改。</source>
      <translation>Returned to the author.</translation>
    </message>
    <message>
      <source>逐项评语只随退回发送：请“退回修改”，或清空评语后再审核通过。</source>
      <translation>Item comments go with a return: choose “Return”, or clear the comments before approving.</translation>
    </message>
    <message>
      <source>已审核通过。作者和审核人现在可以签署。</source>
      <translation>Approved. The author and the reviewer can sign now.</translation>
    </message>
    <message>
      <source>已签署，检查已冻结。</source>
      <translation>Signed; the inspection is frozen.</translation>
    </message>
    <message>
      <source>已签署，等待另一方签署。</source>
      <translation>Signed; waiting for the other signature.</translation>
    </message>
    <message>
      <source>正在生成检查报告…</source>
      <translation>Making the inspection report…</translation>
    </message>
    <message>
      <source>检查报告-{0}.pdf</source>
      <translation>inspection-report-{0}.pdf</translation>
    </message>
    <message>
      <source>整改通知书-{0}.pdf</source>
      <translation>rectification-notice-{0}.pdf</translation>
    </message>
  </context>
  <context>
    <name>RevokeDialog</name>
    <message>
      <source>撤销证书</source>
      <translation>Revoke certificate</translation>
    </message>
    <message>
      <source>撤销证书 {0}（{1}）。撤销后验证此证书将显示“已撤销”，且不能再打印。</source>
      <translation>Revoke certificate {0} ({1}). Once revoked, verifying it says “revoked” and it cannot be printed again.</translation>
    </message>
    <message>
      <source>撤销原因（必填）</source>
      <translation>Reason for revoking (required)</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>SaveState</name>
    <message>
      <source>磁盘已满，请腾出空间</source>
      <translation>the disk is full; free some space</translation>
    </message>
    <message>
      <source>数据库只读，无法写入</source>
      <translation>the database is read-only</translation>
    </message>
    <message>
      <source>数据库正被其他程序占用</source>
      <translation>the database is locked by another program</translation>
    </message>
    <message>
      <source>保存失败：{0}。输入已保留，按 Ctrl+S 或“重试保存”再次保存。</source>
      <translation>Not saved: {0}. Your input is kept; press Ctrl+S or "Retry saving" to save it.</translation>
    </message>
    <message>
      <source>重试保存</source>
      <translation>Retry saving</translation>
    </message>
    <message>
      <source>自动保存</source>
      <translation>Autosave</translation>
    </message>
    <message>
      <source>所有更改都会立即保存</source>
      <translation>Every change is saved at once</translation>
    </message>
    <message>
      <source>✓ 已保存 {0}</source>
      <translation>✓ Saved {0}</translation>
    </message>
    <message>
      <source>✓ 已提交</source>
      <translation>✓ Submitted</translation>
    </message>
    <message>
      <source>✗ {0} 项未保存</source>
      <translation>✗ {0} not saved</translation>
    </message>
  </context>
  <context>
    <name>ScoreChart</name>
    <message>
      <source>一票否决</source>
      <translation>Veto</translation>
    </message>
    <message>
      <source>{0}  {1}%  {2}
{3}（点击打开）</source>
      <translation>{0}  {1}%  {2}
{3} (click to open)</translation>
    </message>
  </context>
  <context>
    <name>SectionForm</name>
    <message>
      <source>修改编号</source>
      <translation>Change code</translation>
    </message>
    <message>
      <source>修改章节名称</source>
      <translation>Change section title</translation>
    </message>
    <message>
      <source>章节</source>
      <translation>Section</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>包含 {0} 个检查项。拖动左侧的行可调整顺序。</source>
      <translation>Holds {0} items. Drag rows on the left to reorder.</translation>
    </message>
  </context>
  <context>
    <name>SectionTree</name>
    <message>
      <source>查找检查项：编号或文字（Ctrl+F）</source>
      <translation>Find an item: code or words (Ctrl+F)</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>作答 / 进度</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>得分</source>
      <translation>Score</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>数据库</source>
      <translation>Database</translation>
    </message>
    <message>
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>单位、证书、数据与备份的设置只有管理员可以修改。</source>
      <translation>Only an administrator changes the organisation, certificate, data and backup settings.</translation>
    </message>
    <message>
      <source>仅管理员可修改</source>
      <translation>Administrators only</translation>
    </message>
    <message>
      <source>选择图片…</source>
      <translation>Choose image…</translation>
    </message>
    <message>
      <source>清除</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>打开</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>移动到…</source>
      <translation>Move to…</translation>
    </message>
    <message>
      <source>这张图片没有透明背景，盖在证书上会遮住底纹；建议换成透明背景的 PNG。</source>
      <translation>This image has no transparent background and will cover the certificate's pattern; a PNG with transparency is better.</translation>
    </message>
    <message>
      <source>未设置</source>
      <translation>Not set</translation>
    </message>
    <message>
      <source>已保存：{0}</source>
      <translation>Saved: {0}</translation>
    </message>
    <message>
      <source>公章图片已更新</source>
      <translation>Seal image updated</translation>
    </message>
    <message>
      <source>选择公章图片</source>
      <translation>Choose the seal image</translation>
    </message>
    <message>
      <source>PNG 图片 (*.png)</source>
      <translation>PNG images (*.png)</translation>
    </message>
    <message>
      <source>未移动：{0}</source>
      <translation>Not moved: {0}</translation>
    </message>
    <message>
      <source>数据已复制并核对无误：{0}</source>
      <translation>Data copied and verified: {0}</translation>
    </message>
    <message>
      <source>选择新的数据文件夹（须为空）</source>
      <translation>Choose the new data folder (must be empty)</translation>
    </message>
    <message>
      <source>移动数据文件夹</source>
      <translation>Move the data folder</translation>
    </message>
    <message>
      <source>把全部数据复制到
{0}
核对无误后切换过去？原文件夹会保留，不会删除。</source>
      <translation>Copy all data to
{0}
and switch once it is verified? The old folder is kept, not deleted.</translation>
    </message>
  </context>
  <context>
    <name>SignDialog</name>
    <message>
      <source>签署检查</source>
      <translation>Sign inspection</translation>
    </message>
    <message>
      <source>作者</source>
      <translation>author</translation>
    </message>
    <message>
      <source>审核人</source>
      <translation>reviewer</translation>
    </message>
    <message>
      <source>得分 {0} / {1} 分（{2}%），{3}</source>
      <translation>Score {0} / {1} points ({2}%), {3}</translation>
    </message>
    <message>
      <source>您以{0}身份签署：{1}。签名覆盖此检查的全部内容（内容摘要 {2}…），双方签署后检查即冻结，不能再修改。</source>
      <translation>You sign as {0}: {1}. The signature covers all of this inspection (content hash {2}…); once both have signed it is frozen and can no longer change.</translation>
    </message>
    <message>
      <source>已签署：{0}</source>
      <translation>Signed: {0}</translation>
    </message>
    <message>
      <source>尚无人签署。</source>
      <translation>Nobody has signed yet.</translation>
    </message>
    <message>
      <source>清除签名</source>
      <translation>Clear signature</translation>
    </message>
    <message>
      <source>手写签名</source>
      <translation>Handwritten signature</translation>
    </message>
    <message>
      <source>再次输入您的登录密码</source>
      <translation>Type your login password again</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>签署</source>
      <translation>Sign</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>签名板为空：请先在签名板上手写签名。</source>
      <translation>The signature pad is empty: sign on the pad first.</translation>
    </message>
    <message>
      <source>请输入密码以确认身份。</source>
      <translation>Type your password to confirm who you are.</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <source>签名板</source>
      <translation>Signature pad</translation>
    </message>
    <message>
      <source>请在此处手写签名（鼠标或手写笔）</source>
      <translation>Sign here (mouse or pen)</translation>
    </message>
  </context>
  <context>
    <name>SiteDialog</name>
    <message>
      <source>编辑被检单位</source>
      <translation>Edit site</translation>
    </message>
    <message>
      <source>新增被检单位</source>
      <translation>Add site</translation>
    </message>
    <message>
      <source>（暂无）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>地区</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>负责人（站长）</source>
      <translation>Manager</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>名称不能为空。</source>
      <translation>The name must not be empty.</translation>
    </message>
    <message>
      <source>无法保存：{0}</source>
      <translation>Cannot save: {0}</translation>
    </message>
  </context>
  <context>
    <name>SiteModel</name>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>最新得分率</source>
      <translation>Latest %</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>提交日期</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>历次得分</source>
      <translation>Scores over time</translation>
    </message>
    <message>
      <source>{0}：{1} 次检查结果。双击查看该单位的检查</source>
      <translation>{0}: {1} results. Double-click for this site's inspections</translation>
    </message>
  </context>
  <context>
    <name>SitesPage</name>
    <message>
      <source>被检单位</source>
      <translation>Sites</translation>
    </message>
    <message>
      <source>新增…</source>
      <translation>Add…</translation>
    </message>
    <message>
      <source>编辑…</source>
      <translation>Edit…</translation>
    </message>
    <message>
      <source>只有管理员可以新增或修改被检单位。</source>
      <translation>Only an administrator adds or edits sites.</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>地区</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Manager</translation>
    </message>
  </context>
  <context>
    <name>StartCheck</name>
    <message>
      <source>正在检查数据文件，检查完成前暂不能保存…</source>
      <translation>Checking the data file; saving waits until the check is done…</translation>
    </message>
  </context>
  <context>
    <name>SubmitPanel</name>
    <message>
      <source>提交检查</source>
      <translation>Submit inspection</translation>
    </message>
    <message>
      <source>确认提交</source>
      <translation>Submit</translation>
    </message>
    <message>
      <source>关闭（Esc）</source>
      <translation>Close (Esc)</translation>
    </message>
    <message>
      <source>还有 {0} 项需要处理后才能提交。按 Enter 或点击一项跳到该项；处理后本列表自动更新。</source>
      <translation>{0} items must be dealt with before submitting. Press Enter or click one to go to it; this list updates as you fix them.</translation>
    </message>
    <message>
      <source>全部必答项已完成。
得分 {0} / {1} 分（{2}%），{3}。</source>
      <translation>All required items are answered.
Score {0} / {1} points ({2}%), {3}.</translation>
    </message>
    <message>
      <source>{0} 项不符合，提交后将生成整改项。</source>
      <translation>{0} failed items will become rectifications on submit.</translation>
    </message>
    <message>
      <source>提交后不能再修改，除非审核人退回。按 Enter 确认提交。</source>
      <translation>After submitting nothing can be changed unless the reviewer returns it. Press Enter to submit.</translation>
    </message>
  </context>
  <context>
    <name>SyncBox</name>
    <message>
      <source>同步</source>
      <translation>Sync</translation>
    </message>
    <message>
      <source>加入</source>
      <translation>Join</translation>
    </message>
    <message>
      <source>服务器地址</source>
      <translation>Server address</translation>
    </message>
    <message>
      <source>加入码</source>
      <translation>Enrolment code</translation>
    </message>
    <message>
      <source>本机</source>
      <translation>This computer</translation>
    </message>
    <message>
      <source>上次同步</source>
      <translation>Last sync</translation>
    </message>
    <message>
      <source>发布</source>
      <translation>Publish</translation>
    </message>
    <message>
      <source>发布检查表</source>
      <translation>Publish a checklist</translation>
    </message>
    <message>
      <source>未加入同步服务器：填写服务器地址和加入码，点“加入”（管理员）</source>
      <translation>Not joined to a sync server: enter the server address and enrolment code, then click Join (admin)</translation>
    </message>
    <message>
      <source>{0}：中心（全部单位）</source>
      <translation>{0}: office (every site)</translation>
    </message>
    <message>
      <source>{0}：{1}</source>
      <translation>{0}: {1}</translation>
    </message>
    <message>
      <source>请填写服务器地址和加入码</source>
      <translation>Enter the server address and the enrolment code</translation>
    </message>
    <message>
      <source>已发布：{0}</source>
      <translation>Published: {0}</translation>
    </message>
    <message>
      <source>这个版本已经发布过</source>
      <translation>This version was already published</translation>
    </message>
    <message>
      <source>正在同步…</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <source>接收 %v/%m</source>
      <translation>Receiving %v/%m</translation>
    </message>
    <message>
      <source>发送 %v/%m</source>
      <translation>Sending %v/%m</translation>
    </message>
    <message>
      <source>同步完成：收到 {0} 条，发出 {1} 条</source>
      <translation>Sync finished: {0} received, {1} sent</translation>
    </message>
    <message>
      <source>；{0} 条冲突已保存在数据文件夹的 sync 目录，请用“导入”打开处理</source>
      <translation>; {0} conflict(s) saved in the data folder's sync folder: open them with Import to settle them</translation>
    </message>
    <message>
      <source>同步未完成：{0}</source>
      <translation>Sync not finished: {0}</translation>
    </message>
  </context>
  <context>
    <name>SyncStatus</name>
    <message>
      <source>正在同步…</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <source>尚未同步</source>
      <translation>Not synced yet</translation>
    </message>
    <message>
      <source>上次同步：{0} 成功</source>
      <translation>Last sync: {0} succeeded</translation>
    </message>
    <message>
      <source>上次同步：{0} 同步服务器无法连接</source>
      <translation>Last sync: {0} sync server unreachable</translation>
    </message>
    <message>
      <source>上次同步：{0} 被拒绝</source>
      <translation>Last sync: {0} refused</translation>
    </message>
  </context>
  <context>
    <name>TemplateEditorPage</name>
    <message>
      <source>检查表</source>
      <translation>Checklists</translation>
    </message>
    <message>
      <source>新建</source>
      <translation>New</translation>
    </message>
    <message>
      <source>复制</source>
      <translation>Duplicate</translation>
    </message>
    <message>
      <source>导入…</source>
      <translation>Import…</translation>
    </message>
    <message>
      <source>导出 YAML…</source>
      <translation>Export YAML…</translation>
    </message>
    <message>
      <source>导出 Excel…</source>
      <translation>Export Excel…</translation>
    </message>
    <message>
      <source>预览、保存或打印此检查表的空白表（最新版本）</source>
      <translation>Preview, save or print the blank form of this checklist (latest version)</translation>
    </message>
    <message>
      <source>撤销</source>
      <translation>Undo</translation>
    </message>
    <message>
      <source>重做</source>
      <translation>Redo</translation>
    </message>
    <message>
      <source>添加章节</source>
      <translation>Add section</translation>
    </message>
    <message>
      <source>添加子章节</source>
      <translation>Add subsection</translation>
    </message>
    <message>
      <source>添加检查项</source>
      <translation>Add item</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>上移</source>
      <translation>Up</translation>
    </message>
    <message>
      <source>下移</source>
      <translation>Down</translation>
    </message>
    <message>
      <source>保存为新版本</source>
      <translation>Save as new version</translation>
    </message>
    <message>
      <source>{0}（{1}，第 {2} 版）</source>
      <translation>{0} ({1}, version {2})</translation>
    </message>
    <message>
      <source>（未保存）{0}</source>
      <translation>(unsaved) {0}</translation>
    </message>
    <message>
      <source>第 {0} 版</source>
      <translation>Version {0}</translation>
    </message>
    <message>
      <source>（{0} 份检查在用）</source>
      <translation> ({0} inspections use it)</translation>
    </message>
    <message>
      <source>校验发现 {0} 个问题（点击定位）：</source>
      <translation>Validation found {0} problems (click to go there):</translation>
    </message>
    <message>
      <source>校验通过：可以保存。</source>
      <translation>Valid: ready to save.</translation>
    </message>
    <message>
      <source>尚未保存</source>
      <translation>Not saved yet</translation>
    </message>
    <message>
      <source>第 {0} 版 · 有未保存的修改</source>
      <translation>Version {0} · unsaved changes</translation>
    </message>
    <message>
      <source>第 {0} 版 · 已保存</source>
      <translation>Version {0} · saved</translation>
    </message>
    <message>
      <source>{0} · 共 {1} 个检查项</source>
      <translation>{0} · {1} items</translation>
    </message>
    <message>
      <source>放弃修改？</source>
      <translation>Discard changes?</translation>
    </message>
    <message>
      <source>当前检查表有未保存的修改。放弃这些修改吗？</source>
      <translation>This checklist has unsaved changes. Discard them?</translation>
    </message>
    <message>
      <source>新检查表</source>
      <translation>New checklist</translation>
    </message>
    <message>
      <source>新章节</source>
      <translation>New section</translation>
    </message>
    <message>
      <source>新检查项</source>
      <translation>New item</translation>
    </message>
    <message>
      <source>{0}（副本）</source>
      <translation>{0} (copy)</translation>
    </message>
    <message>
      <source>复制自 {0}</source>
      <translation>copied from {0}</translation>
    </message>
    <message>
      <source>导入失败：{0}</source>
      <translation>Import failed: {0}</translation>
    </message>
    <message>
      <source>导入自 {0}</source>
      <translation>imported from {0}</translation>
    </message>
    <message>
      <source>导入检查表</source>
      <translation>Import checklist</translation>
    </message>
    <message>
      <source>检查表 (*.yaml *.yml *.xlsx)</source>
      <translation>Checklists (*.yaml *.yml *.xlsx)</translation>
    </message>
    <message>
      <source>YAML 文件 (*.yaml)</source>
      <translation>YAML files (*.yaml)</translation>
    </message>
    <message>
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
      <source>导出检查表</source>
      <translation>Export checklist</translation>
    </message>
    <message>
      <source>导出失败：{0}</source>
      <translation>Export failed: {0}</translation>
    </message>
    <message>
      <source>已导出到 {0}</source>
      <translation>Exported to {0}</translation>
    </message>
    <message>
      <source>有 {0} 个问题，未保存</source>
      <translation>{0} problems: not saved</translation>
    </message>
    <message>
      <source>未保存：{0}</source>
      <translation>Not saved: {0}</translation>
    </message>
    <message>
      <source>已保存为第 {0} 版</source>
      <translation>Saved as version {0}</translation>
    </message>
    <message>
      <source>内容与第 {0} 版相同，未新建版本</source>
      <translation>Same content as version {0}: no new version</translation>
    </message>
  </context>
  <context>
    <name>TemplateForm</name>
    <message>
      <source>修改标识</source>
      <translation>Change id</translation>
    </message>
    <message>
      <source>已保存的检查表不能改标识；要另起一份，请用“复制”。</source>
      <translation>A saved checklist keeps its id; to start another one, use “Duplicate”.</translation>
    </message>
    <message>
      <source>修改名称</source>
      <translation>Change title</translation>
    </message>
    <message>
      <source>修改适用范围</source>
      <translation>Change scope</translation>
    </message>
    <message>
      <source>修改来源</source>
      <translation>Change source</translation>
    </message>
    <message>
      <source>修改说明</source>
      <translation>Change description</translation>
    </message>
    <message>
      <source> 天</source>
      <translation> days</translation>
    </message>
    <message>
      <source>修改整改期限</source>
      <translation>Change rectification period</translation>
    </message>
    <message>
      <source>基本信息</source>
      <translation>General</translation>
    </message>
    <message>
      <source>标识</source>
      <translation>Id</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>适用范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Description</translation>
    </message>
    <message>
      <source>整改期限</source>
      <translation>Rectification period</translation>
    </message>
    <message>
      <source>计分</source>
      <translation>Scoring</translation>
    </message>
    <message>
      <source>基本符合得分比例</source>
      <translation>Partial share</translation>
    </message>
    <message>
      <source>等级得分比例</source>
      <translation>Grade shares</translation>
    </message>
    <message>
      <source>三级得分比例</source>
      <translation>Tier shares</translation>
    </message>
    <message>
      <source>参数名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>显示名</source>
      <translation>Label</translation>
    </message>
    <message>
      <source>可选值（逗号分隔）</source>
      <translation>Choices (comma-separated)</translation>
    </message>
    <message>
      <source>可选值名称（值=名称）</source>
      <translation>Choice labels (value=label)</translation>
    </message>
    <message>
      <source>默认值</source>
      <translation>Default</translation>
    </message>
    <message>
      <source>修改参数</source>
      <translation>Change parameters</translation>
    </message>
    <message>
      <source>代码</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>最低得分率 %</source>
      <translation>Minimum %</translation>
    </message>
    <message>
      <source>新等级</source>
      <translation>New level</translation>
    </message>
    <message>
      <source>修改结果等级</source>
      <translation>Change result levels</translation>
    </message>
    <message>
      <source>证书名称</source>
      <translation>Certificate title</translation>
    </message>
    <message>
      <source>获证等级（代码，逗号分隔）</source>
      <translation>Levels that earn it (codes, comma-separated)</translation>
    </message>
    <message>
      <source>文明服务示范窗口</source>
      <translation>文明服务示范窗口</translation>
    </message>
    <message>
      <source>修改证书规则</source>
      <translation>Change certificate rules</translation>
    </message>
    <message>
      <source>参数</source>
      <translation>Parameters</translation>
    </message>
    <message>
      <source>例如地区：分档可按参数值不同（东部、西部…）</source>
      <translation>E.g. region: bands may differ by its value (east, west…)</translation>
    </message>
    <message>
      <source>结果等级（从高到低，最低一级从 0 起）</source>
      <translation>Result levels (highest first; the lowest starts at 0)</translation>
    </message>
    <message>
      <source>证书规则（一票否决时不发证）</source>
      <translation>Certificate rules (never when vetoed)</translation>
    </message>
    <message>
      <source>修改计分</source>
      <translation>Change scoring</translation>
    </message>
  </context>
  <context>
    <name>TemplateModel</name>
    <message>
      <source>编号</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <source>类型 · 分值</source>
      <translation>Type · points</translation>
    </message>
    <message>
      <source>检查表设置</source>
      <translation>Checklist settings</translation>
    </message>
    <message>
      <source>{0} 项</source>
      <translation>{0} items</translation>
    </message>
    <message>
      <source> · {0} 分</source>
      <translation> · {0} pts</translation>
    </message>
    <message>
      <source> · 否决</source>
      <translation> · veto</translation>
    </message>
    <message>
      <source>拖动排序</source>
      <translation>Drag to reorder</translation>
    </message>
    <message>
      <source>修改</source>
      <translation>Edit</translation>
    </message>
    <message>
      <source>修改类型</source>
      <translation>Change type</translation>
    </message>
    <message>
      <source>删除 {0}</source>
      <translation>Delete {0}</translation>
    </message>
    <message>
      <source>移动 {0}</source>
      <translation>Move {0}</translation>
    </message>
    <message>
      <source>添加章节</source>
      <translation>Add section</translation>
    </message>
    <message>
      <source>添加检查项</source>
      <translation>Add item</translation>
    </message>
  </context>
  <context>
    <name>TrustBox</name>
    <message>
      <source>信任的根证书</source>
      <translation>Trusted roots</translation>
    </message>
    <message>
      <source>签名、数据包和 PDF 只有在其证书由下列根证书签发时才被信任。</source>
      <translation>Signatures, bundles and PDFs are trusted only when their certificate was issued by one of these roots.</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>指纹 (SHA-256)</source>
      <translation>Fingerprint (SHA-256)</translation>
    </message>
    <message>
      <source>导出本机根证书…</source>
      <translation>Export this home's root…</translation>
    </message>
    <message>
      <source>添加根证书…</source>
      <translation>Add a root…</translation>
    </message>
    <message>
      <source>移除</source>
      <translation>Remove</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>本机</source>
      <translation>This computer</translation>
    </message>
    <message>
      <source>已信任</source>
      <translation>Pinned</translation>
    </message>
    <message>
      <source>导出本机根证书</source>
      <translation>Export this home's root</translation>
    </message>
    <message>
      <source>证书 (*.pem)</source>
      <translation>Certificates (*.pem)</translation>
    </message>
    <message>
      <source>已导出到 {0}。请把文件交给对方管理员，并告诉对方指纹：{1}</source>
      <translation>Exported to {0}. Give the file to the other home's admin and read them the fingerprint: {1}</translation>
    </message>
    <message>
      <source>选择对方的根证书</source>
      <translation>Choose the other home's root certificate</translation>
    </message>
    <message>
      <source>证书 (*.pem *.crt *.cer *.der)</source>
      <translation>Certificates (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
      <source>名称：{0}
指纹：{1}

请与对方管理员核对指纹，完全一致时才信任此根证书。</source>
      <translation>Name: {0}
Fingerprint: {1}

Compare the fingerprint with the other home's admin; trust this root only if it matches exactly.</translation>
    </message>
    <message>
      <source>指纹一致，信任</source>
      <translation>Fingerprint matches, trust</translation>
    </message>
    <message>
      <source>请先选择要移除的根证书。</source>
      <translation>Select the root to remove first.</translation>
    </message>
    <message>
      <source>本机的根证书不能移除。</source>
      <translation>This home's own root cannot be removed.</translation>
    </message>
    <message>
      <source>移除后，{0} 签发的证书在本机不再被信任，其签名的数据无法导入，检查将报告它们。
指纹：{1}</source>
      <translation>Once removed, certificates issued by {0} are no longer trusted here: data they signed cannot be imported and the check reports it.
Fingerprint: {1}</translation>
    </message>
    <message>
      <source>已信任根证书 {0}。</source>
      <translation>Root {0} is now trusted.</translation>
    </message>
    <message>
      <source>已移除根证书 {0}。</source>
      <translation>Root {0} removed.</translation>
    </message>
  </context>
  <context>
    <name>UserDialog</name>
    <message>
      <source>新增用户</source>
      <translation>Add user</translation>
    </message>
    <message>
      <source>登录用的用户名，不含空格</source>
      <translation>Login name, no spaces</translation>
    </message>
    <message>
      <source>例如：王海燕</source>
      <translation>e.g. Wang Haiyan</translation>
    </message>
    <message>
      <source>至少 {0} 个字符</source>
      <translation>At least {0} characters</translation>
    </message>
    <message>
      <source>再输入一次</source>
      <translation>Type it again</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>所属单位</source>
      <translation>Sites</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>确认密码</source>
      <translation>Confirm password</translation>
    </message>
    <message>
      <source>检查员负责勾选的被检单位；不勾选则负责全部单位。</source>
      <translation>An inspector works on the ticked sites; with none ticked, on every site.</translation>
    </message>
    <message>
      <source>站长和窗口职工必须属于至少一个被检单位。</source>
      <translation>Managers and staff belong to at least one site.</translation>
    </message>
  </context>
  <context>
    <name>UsersPage</name>
    <message>
      <source>用户</source>
      <translation>Users</translation>
    </message>
    <message>
      <source>新增用户…</source>
      <translation>Add user…</translation>
    </message>
    <message>
      <source>重置密码…</source>
      <translation>Reset password…</translation>
    </message>
    <message>
      <source>负责单位…</source>
      <translation>Sites…</translation>
    </message>
    <message>
      <source>选择检查员负责的被检单位</source>
      <translation>Choose the sites an inspector works on</translation>
    </message>
    <message>
      <source>只有管理员可以新增用户或重置密码。</source>
      <translation>Only an administrator adds users or resets passwords.</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>所属单位</source>
      <translation>Sites</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>创建时间</source>
      <translation>Created</translation>
    </message>
    <message>
      <source>全部单位</source>
      <translation>All sites</translation>
    </message>
    <message>
      <source>正常</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>停用</source>
      <translation>Disabled</translation>
    </message>
    <message>
      <source>已新增用户。</source>
      <translation>User added.</translation>
    </message>
    <message>
      <source>请先选择一个用户。</source>
      <translation>Select a user first.</translation>
    </message>
    <message>
      <source>负责单位只为检查员设置；站长和职工属于创建时选择的单位。</source>
      <translation>Sites are assigned to inspectors only; managers and staff belong to the sites chosen when their account was made.</translation>
    </message>
    <message>
      <source>已更新负责单位。</source>
      <translation>Sites updated.</translation>
    </message>
    <message>
      <source>密码已重置。该用户下次登录时须先设置自己的新密码。</source>
      <translation>Password reset. The user must choose their own new password at the next login.</translation>
    </message>
  </context>
  <context>
    <name>WalkthroughPage</name>
    <message>
      <source>删除照片</source>
      <translation>Remove photo</translation>
    </message>
    <message>
      <source>未保存：{0}</source>
      <translation>Not saved: {0}</translation>
    </message>
    <message>
      <source>从此检查项中删除这张照片？</source>
      <translation>Remove this photo from the item?</translation>
    </message>
    <message>
      <source>第 {0} 项填写的“{1}”未被接受</source>
      <translation>“{1}” entered for item {0} was not accepted</translation>
    </message>
    <message>
      <source>{0} 项更改未能保存</source>
      <translation>{0} change(s) could not be saved</translation>
    </message>
    <message>
      <source>输入未被接受</source>
      <translation>Input not accepted</translation>
    </message>
    <message>
      <source>第 {0} 项填写的“{1}”没有保存：{2}。
继续编辑改正它，还是放弃这项输入？</source>
      <translation>“{1}” entered for item {0} was not saved: {2}.
Keep editing to correct it, or discard this input?</translation>
    </message>
    <message>
      <source>继续编辑</source>
      <translation>Keep editing</translation>
    </message>
    <message>
      <source>放弃输入</source>
      <translation>Discard input</translation>
    </message>
    <message>
      <source>有未保存的更改</source>
      <translation>Unsaved changes</translation>
    </message>
    <message>
      <source>{0} 项更改未能保存。再试一次保存，还是放弃这些更改？</source>
      <translation>{0} changes could not be saved. Try saving again, or discard them?</translation>
    </message>
    <message>
      <source>重试保存</source>
      <translation>Retry saving</translation>
    </message>
    <message>
      <source>放弃更改</source>
      <translation>Discard</translation>
    </message>
    <message>
      <source>← 返回列表</source>
      <translation>← Back to list</translation>
    </message>
    <message>
      <source>撤销</source>
      <translation>Undo</translation>
    </message>
    <message>
      <source>提交…</source>
      <translation>Submit…</translation>
    </message>
    <message>
      <source>审核 / 签署</source>
      <translation>Review / sign</translation>
    </message>
    <message>
      <source>◀ 上一项（PgUp）</source>
      <translation>◀ Previous (PgUp)</translation>
    </message>
    <message>
      <source>下一项（Enter）▶</source>
      <translation>Next (Enter) ▶</translation>
    </message>
    <message>
      <source>数字键 作答 · Enter/PgDn 下一项 · PgUp 上一项 · Ctrl+F 查找 · Ctrl+Z 撤销 · Ctrl+N 说明 · Ctrl+I 照片 · Ctrl+Enter 提交</source>
      <translation>Digits answer · Enter/PgDn next · PgUp previous · Ctrl+F find · Ctrl+Z undo · Ctrl+N note · Ctrl+I photos · Ctrl+Enter submit</translation>
    </message>
    <message>
      <source>地区：{0}</source>
      <translation>Region: {0}</translation>
    </message>
    <message>
      <source>只读：{0}</source>
      <translation>Read-only: {0}</translation>
    </message>
    <message>
      <source>第 {0} / {1} 项</source>
      <translation>Item {0} of {1}</translation>
    </message>
    <message>
      <source>已退回（{0}）：{1}</source>
      <translation>Returned ({0}): {1}</translation>
    </message>
    <message>
      <source>　有审核评语的项已标红：{0}</source>
      <translation>  Items with review comments are marked red: {0}</translation>
    </message>
    <message>
      <source>审核评语：{0}</source>
      <translation>Review comment: {0}</translation>
    </message>
    <message>
      <source>填写说明（Ctrl+N）</source>
      <translation>write a note (Ctrl+N)</translation>
    </message>
    <message>
      <source>附照片（Ctrl+I）</source>
      <translation>attach a photo (Ctrl+I)</translation>
    </message>
    <message>
      <source>不符合项：请{0}，否则不能提交。</source>
      <translation>Failed item: {0}, or it cannot be submitted.</translation>
    </message>
    <message>
      <source>并</source>
      <translation> and </translation>
    </message>
    <message>
      <source>{0} / {1} 分 · {2}% · {3}</source>
      <translation>{0} / {1} pts · {2}% · {3}</translation>
    </message>
    <message>
      <source>当前得分 {0} / {1} 分（{2}%）</source>
      <translation>So far {0} / {1} ({2}%)</translation>
    </message>
    <message>
      <source>预计 {0}</source>
      <translation>expected {0}</translation>
    </message>
    <message>
      <source>已答 {0}/{1} 项</source>
      <translation>{0}/{1} answered</translation>
    </message>
    <message>
      <source>当前得分只计已作答的项；全部必答项作答后显示正式得分和等级。</source>
      <translation>The score so far counts answered items only; the final score and level show once every required item is answered.</translation>
    </message>
    <message>
      <source>一票否决：第 {0} 项不符合，无论得分多少，结果均为“一票否决”。</source>
      <translation>Veto: item {0} failed, so the result is "veto" whatever the score.</translation>
    </message>
    <message>
      <source>有更改未能保存，请先重试保存（Ctrl+S）。</source>
      <translation>Some changes are not saved: retry saving first (Ctrl+S).</translation>
    </message>
    <message>
      <source>提交失败：{0}</source>
      <translation>Submit failed: {0}</translation>
    </message>
    <message>
      <source>已提交。得分 {0} / {1} 分（{2}%），{3}。</source>
      <translation>Submitted. Score {0} / {1} points ({2}%), {3}.</translation>
    </message>
  </context>
  <context>
    <name>_FormDialog</name>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>密码至少需要 {0} 个字符。</source>
      <translation>The password needs at least {0} characters.</translation>
    </message>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords do not match.</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <source>{0} 已注销。请下一位用户登录。</source>
      <translation>{0} has logged out. Next user, please log in.</translation>
    </message>
    <message>
      <source>已从备份恢复数据。请重新登录。</source>
      <translation>The data was restored from a backup. Please log in again.</translation>
    </message>
    <message>
      <source>无法打开数据</source>
      <translation>Cannot open the data</translation>
    </message>
    <message>
      <source>已载入演示数据。演示账户：admin / admin123（管理员），inspector1 / inspect123（检查员），mgr_hzd / manager123（站长）。</source>
      <translation>Demo data loaded. Demo accounts: admin / admin123 (administrator), inspector1 / inspect123 (inspector), mgr_hzd / manager123 (station manager).</translation>
    </message>
  </context>
  <context>
    <name>editors</name>
    <message>
      <source>“{0}”不是有效数字：小数请用小数点“.”，不要用逗号</source>
      <translation>"{0}" is not a valid number: use a decimal point ".", not a comma</translation>
    </message>
    <message>
      <source>“{0}”不是日期，请按 YYYY-MM-DD 填写（如 2026-11-27）</source>
      <translation>"{0}" is not a date; write it as YYYY-MM-DD (e.g. 2026-11-27)</translation>
    </message>
    <message>
      <source>“{0}”不是整数，请输入 0 或正整数</source>
      <translation>"{0}" is not a whole number; enter 0 or a positive whole number</translation>
    </message>
    <message>
      <source>“{0}”不是数字，请输入数值（如 31.5），不适用请填 na</source>
      <translation>"{0}" is not a number; enter a value (e.g. 31.5), or na if not applicable</translation>
    </message>
    <message>
      <source>“{0}”不是有效数字</source>
      <translation>"{0}" is not a valid number</translation>
    </message>
    <message>
      <source>请输入 0 或正整数，不是“{0}”</source>
      <translation>Enter 0 or a positive whole number, not "{0}"</translation>
    </message>
    <message>
      <source>不能小于 {0}{1}</source>
      <translation>Must not be below {0}{1}</translation>
    </message>
    <message>
      <source>不能大于 {0}{1}</source>
      <translation>Must not be above {0}{1}</translation>
    </message>
    <message>
      <source>“{0}”不能作为答案</source>
      <translation>"{0}" cannot be an answer</translation>
    </message>
    <message>
      <source>→ 扣 {0} 分，得 {1} / {2} 分</source>
      <translation>→ {0} points off, {1} / {2} points</translation>
    </message>
    <message>
      <source>整数，如 0、1、2</source>
      <translation>Whole number, e.g. 0, 1, 2</translation>
    </message>
    <message>
      <source>数值，如 31.5</source>
      <translation>Number, e.g. 31.5</translation>
    </message>
    <message>
      <source>也可以在框中输入 na</source>
      <translation>You can also type na in the field</translation>
    </message>
    <message>
      <source>今天</source>
      <translation>Today</translation>
    </message>
    <message>
      <source>在此填写</source>
      <translation>Write here</translation>
    </message>
    <message>
      <source>或输入百分比，按标准换算：</source>
      <translation>or enter a percentage, mapped by the criterion:</translation>
    </message>
  </context>
  <context>
    <name>labels</name>
    <message>
      <source>草稿</source>
      <translation>Draft</translation>
    </message>
    <message>
      <source>已提交</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>已退回</source>
      <translation>Returned</translation>
    </message>
    <message>
      <source>已审核</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>已签署</source>
      <translation>Signed</translation>
    </message>
    <message>
      <source>已发证</source>
      <translation>Certified</translation>
    </message>
    <message>
      <source>自评</source>
      <translation>Self-assessment</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Inspection</translation>
    </message>
    <message>
      <source>复查</source>
      <translation>Re-inspection</translation>
    </message>
    <message>
      <source>管理员</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <source>检查员</source>
      <translation>Inspector</translation>
    </message>
    <message>
      <source>站长</source>
      <translation>Station manager</translation>
    </message>
    <message>
      <source>窗口职工</source>
      <translation>Staff</translation>
    </message>
    <message>
      <source>收费站</source>
      <translation>Toll station</translation>
    </message>
    <message>
      <source>服务窗口</source>
      <translation>Service window</translation>
    </message>
    <message>
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>城市</source>
      <translation>City</translation>
    </message>
    <message>
      <source>东部</source>
      <translation>East</translation>
    </message>
    <message>
      <source>中部</source>
      <translation>Central</translation>
    </message>
    <message>
      <source>东北部</source>
      <translation>Northeast</translation>
    </message>
    <message>
      <source>西部</source>
      <translation>West</translation>
    </message>
    <message>
      <source>实地考察</source>
      <translation>Site visit</translation>
    </message>
    <message>
      <source>材料审核</source>
      <translation>Document review</translation>
    </message>
    <message>
      <source>问卷调查</source>
      <translation>Survey</translation>
    </message>
    <message>
      <source>暗访</source>
      <translation>Mystery visit</translation>
    </message>
    <message>
      <source>优秀</source>
      <translation>Excellent</translation>
    </message>
    <message>
      <source>良好</source>
      <translation>Good</translation>
    </message>
    <message>
      <source>达标</source>
      <translation>Pass</translation>
    </message>
    <message>
      <source>不达标</source>
      <translation>Fail</translation>
    </message>
    <message>
      <source>一票否决</source>
      <translation>Veto</translation>
    </message>
    <message>
      <source>待整改</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>已整改</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>已验证</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>重新整改</source>
      <translation>Reopened</translation>
    </message>
    <message>
      <source>地区</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>未作答</source>
      <translation>unanswered</translation>
    </message>
    <message>
      <source>不符合项缺少照片</source>
      <translation>failed, photo missing</translation>
    </message>
    <message>
      <source>不符合项缺少说明</source>
      <translation>failed, note missing</translation>
    </message>
  </context>
  <context>
    <name>my_work</name>
    <message>
      <source>继续填写草稿</source>
      <translation>Continue draft</translation>
    </message>
    <message>
      <source>修改退回的检查</source>
      <translation>Amend returned</translation>
    </message>
    <message>
      <source>审核</source>
      <translation>Review</translation>
    </message>
    <message>
      <source>签署</source>
      <translation>Sign</translation>
    </message>
    <message>
      <source>整改</source>
      <translation>Rectify</translation>
    </message>
    <message>
      <source>验证整改</source>
      <translation>Verify rectification</translation>
    </message>
    <message>
      <source>我的待办（{0}）</source>
      <translation>My work ({0})</translation>
    </message>
    <message>
      <source>{0} 第 {1} 项</source>
      <translation>{0}, item {1}</translation>
    </message>
    <message>
      <source>{0}（逾期 {1} 天）</source>
      <translation>{0} ({1} days overdue)</translation>
    </message>
    <message>
      <source>待办</source>
      <translation>To do</translation>
    </message>
    <message>
      <source>被检单位</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Subject</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <source>期限</source>
      <translation>Due</translation>
    </message>
  </context>
  <context>
    <name>settings_schema</name>
    <message>
      <source>单位与证书</source>
      <translation>Organisation and certificates</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Inspections</translation>
    </message>
    <message>
      <source>界面</source>
      <translation>Interface</translation>
    </message>
    <message>
      <source>数据与备份</source>
      <translation>Data and backups</translation>
    </message>
    <message>
      <source>单位名称</source>
      <translation>Organisation name</translation>
    </message>
    <message>
      <source>证书、报告和整改通知书落款的单位名称</source>
      <translation>The name that signs certificates, reports and rectification notices</translation>
    </message>
    <message>
      <source>公章图片</source>
      <translation>Seal image</translation>
    </message>
    <message>
      <source>带透明背景的 PNG 图片，盖在证书落款处</source>
      <translation>A PNG with a transparent background, stamped where the certificate is signed</translation>
    </message>
    <message>
      <source>证书有效期（月）</source>
      <translation>Certificate validity (months)</translation>
    </message>
    <message>
      <source>默认地区</source>
      <translation>Default region</translation>
    </message>
    <message>
      <source>检查表编辑器中新加“地区”参数时的默认地区</source>
      <translation>The default of a “region” parameter added in the checklist editor</translation>
    </message>
    <message>
      <source>久未检查提醒（月）</source>
      <translation>Not-inspected reminder (months)</translation>
    </message>
    <message>
      <source>首页列出超过这么多个月没有检查的被检单位</source>
      <translation>Home lists the sites with no inspection for more than this many months</translation>
    </message>
    <message>
      <source>界面语言</source>
      <translation>Interface language</translation>
    </message>
    <message>
      <source>切换语言后界面立即刷新；检查表内容（检查项、章节）保持原文。</source>
      <translation>The interface changes language at once; checklist content (items, sections) stays as written.</translation>
    </message>
    <message>
      <source>主题</source>
      <translation>Theme</translation>
    </message>
    <message>
      <source>字体缩放</source>
      <translation>Font size</translation>
    </message>
    <message>
      <source>空闲锁定（分钟）</source>
      <translation>Lock when idle (minutes)</translation>
    </message>
    <message>
      <source>无人操作这么多分钟后锁定窗口，输入密码继续或由另一人登录；0 表示不锁定。Ctrl+Shift+L 随时锁定，Ctrl+L 切换用户。</source>
      <translation>Lock the window after this many minutes without use; continue with the password, or let someone else log in. 0 never locks. Ctrl+Shift+L locks at any time, Ctrl+L switches user.</translation>
    </message>
    <message>
      <source>作答后自动跳到下一项</source>
      <translation>Go to the next item after answering</translation>
    </message>
    <message>
      <source>数据文件夹</source>
      <translation>Data folder</translation>
    </message>
    <message>
      <source>移动时先复制并逐一核对，核对无误后才切换到新位置；原文件夹保留</source>
      <translation>Moving copies and checks every file first and switches only when all match; the old folder is kept</translation>
    </message>
    <message>
      <source>自动备份</source>
      <translation>Automatic backups</translation>
    </message>
    <message>
      <source>备份间隔（小时）</source>
      <translation>Backup every (hours)</translation>
    </message>
    <message>
      <source>保留最近备份（份）</source>
      <translation>Keep the latest (backups)</translation>
    </message>
    <message>
      <source>每日备份保留（天）</source>
      <translation>Keep one a day for (days)</translation>
    </message>
    <message>
      <source>浅色</source>
      <translation>Light</translation>
    </message>
    <message>
      <source>深色</source>
      <translation>Dark</translation>
    </message>
    <message>
      <source>跟随系统</source>
      <translation>Follow the system</translation>
    </message>
  </context>
</TS>
