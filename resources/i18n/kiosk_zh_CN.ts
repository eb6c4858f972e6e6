<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Action</name>
    <message>
        <source>accept config</source>
        <translation>接受配置</translation>
    </message>
    <message>
        <source>activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>add holiday</source>
        <translation>添加节假日</translation>
    </message>
    <message>
        <source>add leave</source>
        <translation>添加请假</translation>
    </message>
    <message>
        <source>add manual event</source>
        <translation>手动添加考勤记录</translation>
    </message>
    <message>
        <source>add shift</source>
        <translation>添加班次</translation>
    </message>
    <message>
        <source>assign shift</source>
        <translation>分配班次</translation>
    </message>
    <message>
        <source>clock jump</source>
        <translation>时钟跳变</translation>
    </message>
    <message>
        <source>deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>delete employee</source>
        <translation>删除员工</translation>
    </message>
    <message>
        <source>delete holiday</source>
        <translation>删除节假日</translation>
    </message>
    <message>
        <source>delete leave</source>
        <translation>删除请假</translation>
    </message>
    <message>
        <source>delete shift</source>
        <translation>删除班次</translation>
    </message>
    <message>
        <source>delete templates</source>
        <translation>删除人脸模板</translation>
    </message>
    <message>
        <source>department shift</source>
        <translation>部门班次</translation>
    </message>
    <message>
        <source>edit shift</source>
        <translation>修改班次</translation>
    </message>
    <message>
        <source>enrol</source>
        <translation>录入</translation>
    </message>
    <message>
        <source>export key</source>
        <translation>导出密钥</translation>
    </message>
    <message>
        <source>import pin</source>
        <translation>导入 PIN</translation>
    </message>
    <message>
        <source>purge</source>
        <translation>按期限清除</translation>
    </message>
    <message>
        <source>reject look</source>
        <translation>记录“不是我”</translation>
    </message>
    <message>
        <source>reset pin</source>
        <translation>重置 PIN</translation>
    </message>
    <message>
        <source>resolve review</source>
        <translation>处理复核项</translation>
    </message>
    <message>
        <source>retention erase</source>
        <translation>按保留期限销毁</translation>
    </message>
    <message>
        <source>set checkin pin</source>
        <translation>设置签到 PIN</translation>
    </message>
    <message>
        <source>set pin</source>
        <translation>设置 PIN</translation>
    </message>
    <message>
        <source>setup code</source>
        <translation>设置码</translation>
    </message>
    <message>
        <source>update employee</source>
        <translation>更新员工</translation>
    </message>
    <message>
        <source>void event</source>
        <translation>作废考勤记录</translation>
    </message>
    <message>
        <source>withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Welcome! Choose the admin PIN. It protects enrolment, the employee list, attendance and settings.</source>
        <translation>欢迎！请设置管理员 PIN。它保护人员录入、员工列表、考勤和设置。</translation>
    </message>
    <message>
        <source>Something went wrong: {problem}</source>
        <translation>出错了：{problem}</translation>
    </message>
    <message>
        <source>The details are in {file}.</source>
        <translation>详细信息见 {file}。</translation>
    </message>
    <message>
        <source>Face kiosk</source>
        <translation>人脸考勤机</translation>
    </message>
    <message>
        <source>The kiosk cannot start:</source>
        <translation>考勤机无法启动：</translation>
    </message>
</context>
<context>
    <name>AttendancePage</name>
    <message>
        <source>Presentation attacks</source>
        <translation>假体攻击</translation>
    </message>
    <message>
        <source>Timesheet</source>
        <translation>考勤表</translation>
    </message>
    <message>
        <source>To correct</source>
        <translation>待更正</translation>
    </message>
    <message>
        <source>Who is in</source>
        <translation>在岗人员</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <source>nobody recognised</source>
        <translation>未识别到任何人</translation>
    </message>
    <message>
        <source>Show voided</source>
        <translation>显示已作废</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <source>Pay period…</source>
        <translation>工资周期…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>考勤机</translation>
    </message>
    <message>
        <source>No attendance events match these filters</source>
        <translation>没有符合筛选条件的考勤记录</translation>
    </message>
    <message>
        <source>Add event…</source>
        <translation>添加记录…</translation>
    </message>
    <message>
        <source>Void selected event…</source>
        <translation>作废所选记录…</translation>
    </message>
    <message>
        <source>Nobody checked in during this period</source>
        <translation>此期间无人签到</translation>
    </message>
    <message>
        <source>No presentation attacks in this period</source>
        <translation>此期间没有假体攻击</translation>
    </message>
    <message>
        <source>Nothing audited yet</source>
        <translation>尚无审计记录</translation>
    </message>
    <message>
        <source>Nobody was scheduled or worked in this period</source>
        <translation>此期间无人排班或上班</translation>
    </message>
    <message>
        <source>Nothing to correct in this period</source>
        <translation>此期间没有需要更正的内容</translation>
    </message>
    <message>
        <source>Nobody is checked in</source>
        <translation>目前无人签到在岗</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>考勤记录</translation>
    </message>
    <message>
        <source>Daily summary</source>
        <translation>每日汇总</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <source>All employees</source>
        <translation>全部员工</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>All kiosks</source>
        <translation>全部考勤机</translation>
    </message>
    <message>
        <source>Checking the attendance record…</source>
        <translation>正在校验考勤记录…</translation>
    </message>
    <message numerus="yes">
        <source>Attendance record verified: %Ln chained row(s), none changed outside the app.</source>
        <translation>
            <numerusform>考勤记录已校验：%Ln 条链式记录，均未在应用之外被修改。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Writing %Ln event(s) to {file}</source>
        <translation>
            <numerusform>正在将 %Ln 条记录写入 {file}</numerusform>
        </translation>
    </message>
    <message>
        <source>The attendance record was changed outside the app ({problem}): run `python main.py audit verify`, restore a backup.</source>
        <translation>考勤记录在应用之外被修改（{problem}）：请运行 `python main.py audit verify`，并恢复备份。</translation>
    </message>
    <message>
        <source>Counting events…</source>
        <translation>正在统计记录…</translation>
    </message>
    <message>
        <source>Summarising</source>
        <translation>正在汇总</translation>
    </message>
    <message>
        <source>Loading events: {done} of {total}</source>
        <translation>正在加载记录：{done}/{total}</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export attendance</source>
        <translation>导出考勤</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Exported {files}</source>
        <translation>已导出 {files}</translation>
    </message>
    <message>
        <source>Export failed: {problem}</source>
        <translation>导出失败：{problem}</translation>
    </message>
    <message>
        <source>Void the check-in of {name} ({code}) at {time}? It stays in the log, marked void.</source>
        <translation>作废 {name}（{code}）在 {time} 的签到？该记录仍保留在日志中，标记为作废。</translation>
    </message>
    <message>
        <source>Void the check-out of {name} ({code}) at {time}? It stays in the log, marked void.</source>
        <translation>作废 {name}（{code}）在 {time} 的签退？该记录仍保留在日志中，标记为作废。</translation>
    </message>
    <message>
        <source>Void attendance event</source>
        <translation>作废考勤记录</translation>
    </message>
    <message>
        <source>Added a check-in for {code}.</source>
        <translation>已为 {code} 添加签到。</translation>
    </message>
    <message>
        <source>Added a check-out for {code}.</source>
        <translation>已为 {code} 添加签退。</translation>
    </message>
    <message>
        <source>Adding the event</source>
        <translation>正在添加记录</translation>
    </message>
    <message>
        <source>Voiding the event</source>
        <translation>正在作废记录</translation>
    </message>
    <message>
        <source>Voided event {number}.</source>
        <translation>已作废记录 {number}。</translation>
    </message>
</context>
<context>
    <name>CheckInPinDialog</name>
    <message>
        <source>Check-in PIN</source>
        <translation>签到 PIN</translation>
    </message>
    <message>
        <source>The PIN {who} types with their code to check in without the face ({low}-{high} digits).</source>
        <translation>{who} 在不刷脸签到时与工号一起输入的 PIN（{low}-{high} 位数字）。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>CodeCheckInDialog</name>
    <message>
        <source>Check in with code</source>
        <translation>用工号签到</translation>
    </message>
    <message>
        <source>Employee code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Check-in PIN</source>
        <translation>签到 PIN</translation>
    </message>
    <message>
        <source>Your new PIN</source>
        <translation>您的新 PIN</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>再次输入新 PIN</translation>
    </message>
    <message>
        <source>Your employee code (or hold your badge to the reader) and your check-in PIN.</source>
        <translation>请输入您的工号（或将工牌靠近读卡器）和签到 PIN。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Enter your employee code and your PIN.</source>
        <translation>请输入您的工号和 PIN。</translation>
    </message>
    <message>
        <source>The two new PINs differ.</source>
        <translation>两次输入的新 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>Column</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>考勤机</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>First in</source>
        <translation>首次签到</translation>
    </message>
    <message>
        <source>Last out</source>
        <translation>最后签退</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>小时数</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>打卡次数</translation>
    </message>
    <message>
        <source>Presented as</source>
        <translation>冒充为</translation>
    </message>
    <message>
        <source>Live score</source>
        <translation>活体分数</translation>
    </message>
    <message>
        <source>Looks</source>
        <translation>观察次数</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>跟踪编号</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>排班时间</translation>
    </message>
    <message>
        <source>In</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>工作时长</translation>
    </message>
    <message>
        <source>Late (min)</source>
        <translation>迟到（分钟）</translation>
    </message>
    <message>
        <source>Early leave (min)</source>
        <translation>早退（分钟）</translation>
    </message>
    <message>
        <source>Overtime</source>
        <translation>加班</translation>
    </message>
    <message>
        <source>To correct</source>
        <translation>待更正</translation>
    </message>
    <message>
        <source>In since</source>
        <translation>签到时间</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>人脸模板</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>同意时间</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>录入日期</translation>
    </message>
    <message>
        <source>Needs a look</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后在线</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>积压</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>最近记录</translation>
    </message>
    <message>
        <source>FPS</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Clock (s)</source>
        <translation>时钟（秒）</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>What it is for</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Break (min)</source>
        <translation>休息（分钟）</translation>
    </message>
    <message>
        <source>Grace (min)</source>
        <translation>宽限（分钟）</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Flexible</source>
        <translation>弹性</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>差距</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <source>No attendance in this range</source>
        <translation>此范围内没有考勤</translation>
    </message>
    <message>
        <source>People present per day</source>
        <translation>每日出勤人数</translation>
    </message>
    <message>
        <source>people</source>
        <translation>人</translation>
    </message>
</context>
<context>
    <name>EmployeeDialog</name>
    <message>
        <source>Edit {code}</source>
        <translation>编辑 {code}</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
</context>
<context>
    <name>EmployeesPage</name>
    <message>
        <source>Deleted {name} ({code})</source>
        <translation>已删除 {name}（{code}）</translation>
    </message>
    <message>
        <source>Erased the face data of {name} ({code})</source>
        <translation>已销毁 {name}（{code}）的人脸数据</translation>
    </message>
    <message>
        <source>destroyed {templates} face template(s), {photos} kept photo(s), {thumbnails} face thumbnail(s), {looks} &quot;not me&quot; face(s). Receipt kept in the audit log.</source>
        <translation>已销毁 {templates} 个人脸模板、{photos} 张保存的照片、{thumbnails} 张人脸缩略图、{looks} 张“不是我”人脸。回执已存入审计日志。</translation>
    </message>
    <message>
        <source>Look-alike pairs: {count}, told apart by a margin of {margin}: {pairs}</source>
        <translation>相貌相似的人员对：{count} 对，以 {margin} 的差距区分：{pairs}</translation>
    </message>
    <message>
        <source> and {more} more</source>
        <translation> 以及另外 {more} 对</translation>
    </message>
    <message>
        <source>Templates unlike the rest of their person (re-enrol?): {count}: {people}</source>
        <translation>与本人其他模板不相像的模板（需要重新录入？）：{count} 个：{people}</translation>
    </message>
    <message>
        <source>Search code, name or department</source>
        <translation>按工号、姓名或部门搜索</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Re-enrol…</source>
        <translation>重新录入…</translation>
    </message>
    <message>
        <source>Withdraw consent…</source>
        <translation>撤回同意…</translation>
    </message>
    <message>
        <source>Consent withdrawn: destroy the face templates, kept photos and face thumbnails; the employee and history stay</source>
        <translation>撤回同意：销毁人脸模板、保存的照片和人脸缩略图；员工及历史记录保留</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Check-in PIN…</source>
        <translation>签到 PIN…</translation>
    </message>
    <message>
        <source>The PIN this employee types with their code to check in without the face</source>
        <translation>该员工不刷脸签到时与工号一起输入的 PIN</translation>
    </message>
    <message>
        <source>Setup code…</source>
        <translation>设置码…</translation>
    </message>
    <message>
        <source>A one-time code: the employee types it at the kiosk, then chooses their own check-in PIN</source>
        <translation>一次性代码：员工在考勤机上输入后，再自行设置签到 PIN</translation>
    </message>
    <message>
        <source>Add without face…</source>
        <translation>不录人脸添加…</translation>
    </message>
    <message>
        <source>An employee who checks in with code and PIN only: no photo, no template</source>
        <translation>只用工号和 PIN 签到的员工：不采集照片，也不生成模板</translation>
    </message>
    <message>
        <source>Kept face photos</source>
        <translation>保存的人脸照片</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>员工</translation>
    </message>
    <message numerus="yes">
        <source>%Ln employee(s)</source>
        <translation>
            <numerusform>%Ln 名员工</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln employee(s) found</source>
        <translation>
            <numerusform>找到 %Ln 名员工</numerusform>
        </translation>
    </message>
    <message>
        <source>Check-in PIN of {name} ({code}) set.</source>
        <translation>已设置 {name}（{code}）的签到 PIN。</translation>
    </message>
    <message>
        <source>One-time setup code for {name} ({code}): {setup}</source>
        <translation>{name}（{code}）的一次性设置码：{setup}</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>设置码</translation>
    </message>
    <message>
        <source>Give {name} this one-time setup code: {setup}

At the kiosk they choose &quot;Check in with code&quot;, type their employee code and this setup code as PIN, then choose their own PIN.</source>
        <translation>请把这个一次性设置码交给 {name}：{setup}

在考勤机上选择“用工号签到”，输入工号，并把此设置码作为 PIN 输入，然后设置自己的 PIN。</translation>
    </message>
    <message>
        <source>Added {name}: checks in with code and PIN.</source>
        <translation>已添加 {name}：使用工号和 PIN 签到。</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <source>{name} ({code}) withdraws consent: destroy their {templates} face template(s), kept photos and every face thumbnail? They stay an active employee and check in with their code; attendance history stays.</source>
        <translation>{name}（{code}）撤回同意：销毁其 {templates} 个人脸模板、保存的照片和所有人脸缩略图？该员工仍在职，改用工号签到；考勤历史保留。</translation>
    </message>
    <message>
        <source>Delete employee</source>
        <translation>删除员工</translation>
    </message>
    <message>
        <source>Delete {name} ({code}) and erase their {templates} face template(s)? This cannot be undone.</source>
        <translation>删除 {name}（{code}）并销毁其 {templates} 个人脸模板？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete attendance history too?</source>
        <translation>同时删除考勤历史？</translation>
    </message>
    <message>
        <source>{name} has {events} attendance event(s). Delete them as well? Choose No to keep the history (deactivate the employee instead).</source>
        <translation>{name} 有 {events} 条考勤记录。一并删除吗？选择“否”以保留历史（改为停用该员工）。</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Saved {name} ({code}).</source>
        <translation>已保存 {name}（{code}）。</translation>
    </message>
    <message>
        <source>{name} ({code}) is active now.</source>
        <translation>{name}（{code}）现已启用。</translation>
    </message>
    <message>
        <source>{name} ({code}) is inactive now.</source>
        <translation>{name}（{code}）现已停用。</translation>
    </message>
    <message>
        <source>They check in with their code now: give them a check-in PIN or a setup code.</source>
        <translation>此后他们用工号签到：请给他们签到 PIN 或设置码。</translation>
    </message>
    <message>
        <source>Erasing face data</source>
        <translation>正在销毁人脸数据</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>正在删除</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>template {number}, {recognizer}, quality {quality}</source>
        <translation>模板 {number}，{recognizer}，质量 {quality}</translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message>
        <source>Enrol an employee</source>
        <translation>录入员工</translation>
    </message>
    <message>
        <source>Enrol someone new instead</source>
        <translation>改为录入新员工</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>全名</translation>
    </message>
    <message>
        <source>Unique employee code</source>
        <translation>唯一工号</translation>
    </message>
    <message>
        <source>The employee consents to storing face templates for attendance (required)</source>
        <translation>员工同意为考勤存储人脸模板（必选）</translation>
    </message>
    <message>
        <source>Keep the aligned face photos (112x112) with the templates</source>
        <translation>随模板保存对齐后的人脸照片（112x112）</translation>
    </message>
    <message>
        <source>Replace the existing templates</source>
        <translation>替换现有模板</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Employee code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Save employee</source>
        <translation>保存员工</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Enrol without face data…</source>
        <translation>不录人脸数据录入…</translation>
    </message>
    <message>
        <source>For someone who does not want face recognition: code and check-in PIN only</source>
        <translation>适用于不想使用人脸识别的人：仅用工号和签到 PIN</translation>
    </message>
    <message>
        <source>Add photo files…</source>
        <translation>添加照片文件…</translation>
    </message>
    <message>
        <source>Camera index (0, 1, …), stream URL, video file or folder of photos</source>
        <translation>摄像头编号（0、1…）、视频流地址、视频文件或照片文件夹</translation>
    </message>
    <message>
        <source>Start camera</source>
        <translation>打开摄像头</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Shots</source>
        <translation>拍摄张数</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>摄像头已关闭</translation>
    </message>
    <message>
        <source>Start the camera, or add photo files</source>
        <translation>打开摄像头，或添加照片文件</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <source>Remove all</source>
        <translation>全部移除</translation>
    </message>
    <message>
        <source>Tick the photos to use; rejected photos cannot be used.</source>
        <translation>勾选要使用的照片；被拒的照片不能使用。</translation>
    </message>
    <message>
        <source>Face photos</source>
        <translation>人脸照片</translation>
    </message>
    <message>
        <source>Enrolled {code} without face data: they check in with their code and PIN.</source>
        <translation>已录入 {code}（无人脸数据）：使用工号和 PIN 签到。</translation>
    </message>
    <message>
        <source>No employee has the code {code}.</source>
        <translation>没有工号为 {code} 的员工。</translation>
    </message>
    <message>
        <source>Add face photos</source>
        <translation>添加人脸照片</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Checking photos</source>
        <translation>正在检查照片</translation>
    </message>
    <message>
        <source>Stop camera</source>
        <translation>关闭摄像头</translation>
    </message>
    <message>
        <source>Shots: {taken} of {planned}</source>
        <translation>已拍：{taken}/{planned}</translation>
    </message>
    <message>
        <source>Cannot save yet: needs {missing}.</source>
        <translation>暂不能保存：还需要{missing}。</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>未保存：{problem}</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Loading the face models</source>
        <translation>正在加载人脸模型</translation>
    </message>
    <message>
        <source>Checking photo {number} of {total}: {file}</source>
        <translation>正在检查第 {number}/{total} 张照片：{file}</translation>
    </message>
    <message>
        <source>Camera stopped: {why}</source>
        <translation>摄像头已停止：{why}</translation>
    </message>
    <message>
        <source>Camera stopped</source>
        <translation>摄像头已停止</translation>
    </message>
    <message>
        <source>Enrolled {name} ({code}): {templates} face template(s) stored.</source>
        <translation>已录入 {name}（{code}）：已存储 {templates} 个人脸模板。</translation>
    </message>
    <message>
        <source>Consent recorded at {time}</source>
        <translation>同意记录于 {time}</translation>
    </message>
    <message>
        <source>Code {code} is taken by {name}: choose another code, or use Re-enrol on the Employees page.</source>
        <translation>工号 {code} 已被 {name} 使用：请换一个工号，或在“员工”页面使用“重新录入”。</translation>
    </message>
    <message>
        <source>Check before saving</source>
        <translation>保存前请确认</translation>
    </message>
    <message>
        <source>Save anyway?</source>
        <translation>仍然保存？</translation>
    </message>
    <message>
        <source>Re-enrol an employee</source>
        <translation>重新录入员工</translation>
    </message>
    <message>
        <source>Adding face templates for {name} ({code}), who has {templates} now.</source>
        <translation>正在为 {name}（{code}）添加人脸模板，目前已有 {templates} 个。</translation>
    </message>
    <message>
        <source>To save, this still needs {missing}.</source>
        <translation>要保存，还需要{missing}。</translation>
    </message>
    <message numerus="yes">
        <source>Ready to save with %Ln photo(s).</source>
        <translation>
            <numerusform>可以保存，共 %Ln 张照片。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Greeting</name>
    <message>
        <source>Welcome, {name}</source>
        <translation>欢迎，{name}</translation>
    </message>
    <message>
        <source>Goodbye, {name}</source>
        <translation>再见，{name}</translation>
    </message>
    <message>
        <source>Live check failed: please step in front of the camera yourself</source>
        <translation>活体检测未通过：请您本人站到摄像头前</translation>
    </message>
    <message>
        <source>Please turn your head to your left</source>
        <translation>请把头转向您的左边</translation>
    </message>
    <message>
        <source>Please turn your head to your right</source>
        <translation>请把头转向您的右边</translation>
    </message>
    <message>
        <source>Please look up</source>
        <translation>请抬头向上看</translation>
    </message>
    <message>
        <source>Please look down</source>
        <translation>请低头向下看</translation>
    </message>
    <message>
        <source>checked in {time}</source>
        <translation>{time} 已签到</translation>
    </message>
    <message>
        <source>checked out {time}</source>
        <translation>{time} 已签退</translation>
    </message>
    <message>
        <source>Already checked in at {time}</source>
        <translation>已于 {time} 签到</translation>
    </message>
    <message>
        <source>Already checked out at {time}</source>
        <translation>已于 {time} 签退</translation>
    </message>
    <message>
        <source>Nobody was checked in.</source>
        <translation>没有为任何人签到。</translation>
    </message>
    <message>
        <source>so the kiosk can see it is really you</source>
        <translation>以便考勤机确认是您本人</translation>
    </message>
</context>
<context>
    <name>GreetingBanner</name>
    <message>
        <source>Look at the camera to check in or out</source>
        <translation>请看向摄像头签到或签退</translation>
    </message>
    <message>
        <source>Greeting</source>
        <translation>问候</translation>
    </message>
    <message>
        <source>enrolled</source>
        <translation>录入照</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Not me</source>
        <translation>不是我</translation>
    </message>
    <message>
        <source>This is not me: take the check-in back</source>
        <translation>这不是我：撤回这次签到</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete the last character</source>
        <translation>删除最后一个字符</translation>
    </message>
    <message>
        <source>Next field</source>
        <translation>下一栏</translation>
    </message>
    <message>
        <source>Show letters</source>
        <translation>显示字母</translation>
    </message>
    <message>
        <source>Show digits</source>
        <translation>显示数字</translation>
    </message>
    <message>
        <source>Capital or small letters</source>
        <translation>大写或小写字母</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一项</translation>
    </message>
</context>
<context>
    <name>KioskView</name>
    <message>
        <source>Camera picture with the faces seen</source>
        <translation>摄像头画面及检测到的人脸</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Today&apos;s check-ins and check-outs</source>
        <translation>今天的签到和签退</translation>
    </message>
    <message>
        <source>Check in with code</source>
        <translation>用工号签到</translation>
    </message>
    <message>
        <source>Check in with your employee code and PIN</source>
        <translation>用工号和 PIN 签到</translation>
    </message>
    <message>
        <source>Sorry, that could not be noted. Please tell the office.</source>
        <translation>抱歉，未能记录。请告知办公室。</translation>
    </message>
</context>
<context>
    <name>KiosksPage</name>
    <message>
        <source>No kiosk has reported in yet: a running kiosk beats every 30 seconds</source>
        <translation>尚无考勤机上报：运行中的考勤机每 30 秒上报一次</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Kiosks</source>
        <translation>考勤机</translation>
    </message>
    <message>
        <source>Kiosks that need a look: {count} of {total}: </source>
        <translation>需要关注的考勤机：{count}/{total}：</translation>
    </message>
    <message numerus="yes">
        <source>%Ln kiosk(s), all well.</source>
        <translation>
            <numerusform>%Ln 台考勤机，全部正常。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Face kiosk</source>
        <translation>人脸考勤机</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>camera: -</source>
        <translation>摄像头：-</translation>
    </message>
    <message>
        <source>models: -</source>
        <translation>模型：-</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Admin pages (PIN)</source>
        <translation>管理页面（PIN）</translation>
    </message>
    <message>
        <source>starting {source}…</source>
        <translation>正在启动 {source}…</translation>
    </message>
    <message>
        <source>The new language shows when the app starts again.</source>
        <translation>新语言将在应用重新启动后显示。</translation>
    </message>
    <message>
        <source>Choose the admin PIN that will protect the admin pages.</source>
        <translation>请设置用于保护管理页面的管理员 PIN。</translation>
    </message>
    <message>
        <source>The admin pages locked after {minutes} minutes without use</source>
        <translation>管理页面在 {minutes} 分钟无操作后已锁定</translation>
    </message>
    <message>
        <source>models: {detector} + {recognizer}</source>
        <translation>模型：{detector} + {recognizer}</translation>
    </message>
    <message>
        <source>device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>liveness: {state}</source>
        <translation>活体检测：{state}</translation>
    </message>
    <message>
        <source> - trial: nothing is recorded (an admin chooses a video in Settings to record it)</source>
        <translation> - 试运行：不记录任何内容（管理员在“设置”中选择视频后才会记录）</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>No picture from the camera or video.</source>
        <translation>摄像头或视频没有画面。</translation>
    </message>
    <message>
        <source>Choose a video file…</source>
        <translation>选择视频文件…</translation>
    </message>
    <message>
        <source>The face models are missing or cannot be loaded.</source>
        <translation>人脸模型缺失或无法加载。</translation>
    </message>
    <message>
        <source>Set up models…</source>
        <translation>设置模型…</translation>
    </message>
    <message>
        <source>Recognition stopped.</source>
        <translation>识别已停止。</translation>
    </message>
    <message>
        <source>Choose a video file</source>
        <translation>选择视频文件</translation>
    </message>
    <message>
        <source>Warning: {problem}; check-ins carry this computer&apos;s time</source>
        <translation>警告：{problem}；签到使用的是本机时间</translation>
    </message>
    <message>
        <source>display {display} fps, recognition {recognition} fps</source>
        <translation>显示 {display} 帧/秒，识别 {recognition} 帧/秒</translation>
    </message>
    <message>
        <source> ({frames} live frames shown without recognition)</source>
        <translation>（{frames} 帧实时画面未经识别即显示）</translation>
    </message>
    <message>
        <source>; idle: nothing moves, the detector looks every few seconds</source>
        <translation>；空闲：画面静止，检测器每隔几秒检查一次</translation>
    </message>
</context>
<context>
    <name>ManualEventDialog</name>
    <message>
        <source>Add an attendance event</source>
        <translation>添加考勤记录</translation>
    </message>
    <message>
        <source>check-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>check-out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期和时间</translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>face too small ({size:.0f} px, at least {needed} px needed)</source>
        <translation>人脸太小（{size:.0f} 像素，至少需要 {needed} 像素）</translation>
    </message>
    <message>
        <source>face too blurred (sharpness {sharpness:.0f}, at least {needed:.0f} needed)</source>
        <translation>人脸太模糊（清晰度 {sharpness:.0f}，至少需要 {needed:.0f}）</translation>
    </message>
    <message>
        <source>face turned sideways (yaw {yaw:+.2f}, at most {most:.2f})</source>
        <translation>人脸侧转（偏航 {yaw:+.2f}，最多 {most:.2f}）</translation>
    </message>
    <message>
        <source>face tilted up or down (pitch {pitch:.2f}, expected {low}-{high})</source>
        <translation>人脸仰起或低下（俯仰 {pitch:.2f}，应为 {low}-{high}）</translation>
    </message>
    <message>
        <source>no face found</source>
        <translation>未找到人脸</translation>
    </message>
    <message>
        <source>{faces} faces and none clearly dominant (crop the photo to one person)</source>
        <translation>{faces} 张人脸且没有明显的主体（请把照片裁剪到只剩一个人）</translation>
    </message>
    <message>
        <source>Hold still: checking that you are really there</source>
        <translation>请保持不动：正在确认是您本人在场</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>live check failed: a photo or a screen was held up, so nothing was captured from it</source>
        <translation>活体检测未通过：有人举起了照片或屏幕，因此没有从中采集任何内容</translation>
    </message>
    <message>
        <source>Look straight at the camera</source>
        <translation>请直视摄像头</translation>
    </message>
    <message>
        <source>Turn your head a little to one side</source>
        <translation>请把头稍微转向一侧</translation>
    </message>
    <message>
        <source>Now turn your head a little to the other side</source>
        <translation>现在请把头稍微转向另一侧</translation>
    </message>
    <message>
        <source>Tilt your head a little up or down</source>
        <translation>请稍微抬头或低头</translation>
    </message>
    <message>
        <source>No face found: look at the camera</source>
        <translation>未找到人脸：请看向摄像头</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please</source>
        <translation>请只让一个人站在摄像头前</translation>
    </message>
    <message>
        <source>Come closer to the camera</source>
        <translation>请靠近摄像头</translation>
    </message>
    <message>
        <source>Turn your face towards the camera</source>
        <translation>请把脸转向摄像头</translation>
    </message>
    <message>
        <source>Keep your head level</source>
        <translation>请保持头部端正</translation>
    </message>
    <message>
        <source>Hold still (the picture is blurred)</source>
        <translation>请保持不动（画面模糊）</translation>
    </message>
    <message>
        <source>All shots taken, thank you</source>
        <translation>已拍完所有照片，谢谢</translation>
    </message>
    <message>
        <source>Only the person being enrolled, please</source>
        <translation>请只让正在录入的人在画面中</translation>
    </message>
    <message>
        <source>Good. {hint}</source>
        <translation>很好。{hint}</translation>
    </message>
    <message>
        <source>{shots} shots taken</source>
        <translation>已拍摄 {shots} 张</translation>
    </message>
    <message>
        <source>Unknown code or wrong PIN.</source>
        <translation>工号不存在或 PIN 错误。</translation>
    </message>
    <message>
        <source>Unknown code or wrong PIN. Attempts left: {attempts}.</source>
        <translation>工号不存在或 PIN 错误。剩余尝试次数：{attempts}。</translation>
    </message>
    <message>
        <source>Too many wrong PINs for this code. Try again in {seconds} s.</source>
        <translation>此工号 PIN 错误次数过多。请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>This code has no check-in PIN yet: ask the admin to set one, or for a setup code.</source>
        <translation>此工号尚无签到 PIN：请管理员设置，或索取设置码。</translation>
    </message>
    <message>
        <source>Setup code accepted: choose your check-in PIN.</source>
        <translation>设置码已接受：请设置您的签到 PIN。</translation>
    </message>
    <message>
        <source>This setup code is used up: check in with your PIN.</source>
        <translation>此设置码已用过：请用您的 PIN 签到。</translation>
    </message>
    <message>
        <source>A PIN is {low} to {high} digits.</source>
        <translation>PIN 为 {low} 到 {high} 位数字。</translation>
    </message>
    <message>
        <source>This code cannot check in now: please tell the office.</source>
        <translation>此工号目前无法签到：请告知办公室。</translation>
    </message>
    <message>
        <source>accepted: face {size:.0f} px, sharpness {sharpness:.0f}, yaw {yaw:+.2f}, pitch {pitch:.2f}</source>
        <translation>通过：人脸 {size:.0f} 像素，清晰度 {sharpness:.0f}，偏航 {yaw:+.2f}，俯仰 {pitch:.2f}</translation>
    </message>
    <message>
        <source>rejected: {reasons}</source>
        <translation>被拒：{reasons}</translation>
    </message>
    <message>
        <source>a name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>an employee code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>the employee&apos;s consent</source>
        <translation>员工的同意</translation>
    </message>
    <message>
        <source>at least one accepted photo</source>
        <translation>至少一张合格照片</translation>
    </message>
    <message>
        <source>Possible duplicate or look-alike: the chosen photos already match {matches}.</source>
        <translation>可能重复或相貌相似：所选照片已与 {matches} 匹配。</translation>
    </message>
    <message>
        <source>The chosen photos may show different people: {first} and {second} have similarity {similarity:.2f}.</source>
        <translation>所选照片可能是不同的人：{first} 与 {second} 的相似度为 {similarity:.2f}。</translation>
    </message>
    <message>
        <source>The chosen photos do not match the enrolled {name} ({code}): best similarity {best:.2f} &lt; {threshold:.2f}.</source>
        <translation>所选照片与已录入的 {name}（{code}）不匹配：最高相似度 {best:.2f} &lt; {threshold:.2f}。</translation>
    </message>
    <message>
        <source>Sorry! That check-in was taken back. Check in with your code, please.</source>
        <translation>抱歉！那次签到已撤回。请用您的工号签到。</translation>
    </message>
    <message>
        <source>Sorry! Noted. Check in with your code, please.</source>
        <translation>抱歉！已记录。请用您的工号签到。</translation>
    </message>
    <message>
        <source>{part}: {problem}</source>
        <translation>{part}：{problem}</translation>
    </message>
    <message>
        <source>face detector</source>
        <translation>人脸检测器</translation>
    </message>
    <message>
        <source>face recognizer</source>
        <translation>人脸识别器</translation>
    </message>
    <message>
        <source>liveness check</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>reading {file}</source>
        <translation>正在读取 {file}</translation>
    </message>
    <message>
        <source>{file}: read {read} of {total} frames (file truncated or corrupt?)</source>
        <translation>{file}：已读取 {read}/{total} 帧（文件被截断或损坏？）</translation>
    </message>
    <message>
        <source>{file}: end of video after {read} frames</source>
        <translation>{file}：视频在 {read} 帧后结束</translation>
    </message>
    <message>
        <source>{file}: closed after {frames} frames</source>
        <translation>{file}：在 {frames} 帧后关闭</translation>
    </message>
    <message>
        <source>opening {source}</source>
        <translation>正在打开 {source}</translation>
    </message>
    <message>
        <source>{source} running</source>
        <translation>{source} 运行中</translation>
    </message>
    <message>
        <source>{source} closed</source>
        <translation>{source} 已关闭</translation>
    </message>
    <message>
        <source>{source} lost; retry {attempt} in {delay:g} s</source>
        <translation>{source} 已断开；{delay:g} 秒后第 {attempt} 次重试</translation>
    </message>
    <message>
        <source>{source} not found or busy; retry {attempt} in {delay:g} s</source>
        <translation>{source} 未找到或被占用；{delay:g} 秒后第 {attempt} 次重试</translation>
    </message>
    <message>
        <source>{source} stopped delivering frames</source>
        <translation>{source} 已停止输出画面</translation>
    </message>
    <message>
        <source>{source}: capture error: {problem}</source>
        <translation>{source}：采集错误：{problem}</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>{count} images read</source>
        <translation>已读取 {count} 张图片</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>Model</name>
    <message>
        <source>finds 468 points of a face: the head-turn challenge asked when the live check is unsure</source>
        <translation>找出人脸的 468 个点：活体检测不确定时要求的转头挑战</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YOLO11n-face (PyTorch file, trusted only by checksum)</source>
        <translation>检测人脸及关键点：YOLO11n-face（PyTorch 文件，仅凭校验和信任）</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YOLOv8n-face (PyTorch file, trusted only by checksum)</source>
        <translation>检测人脸及关键点：YOLOv8n-face（PyTorch 文件，仅凭校验和信任）</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YOLOv8n-face INT8, fast on a CPU (no public download: a file you have)</source>
        <translation>检测人脸及关键点：YOLOv8n-face INT8，CPU 上速度快（无公开下载：需使用您已有的文件）</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YuNet (OpenCV), small and fast on a CPU</source>
        <translation>检测人脸及关键点：YuNet（OpenCV），小巧，CPU 上速度快</translation>
    </message>
    <message>
        <source>finds faces and their landmarks: YuNet-n, any picture size</source>
        <translation>检测人脸及关键点：YuNet-n，适用任意画面尺寸</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101 (MS1MV2); large, for a GPU</source>
        <translation>识别人脸：AdaFace IR-101（MS1MV2）；较大，需 GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101 (MS1MV3); large, for a GPU</source>
        <translation>识别人脸：AdaFace IR-101（MS1MV3）；较大，需 GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101 (WebFace4M); large, for a GPU</source>
        <translation>识别人脸：AdaFace IR-101（WebFace4M）；较大，需 GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-101, the most accurate; 1.5 GB, for a GPU</source>
        <translation>识别人脸：AdaFace IR-101，最准确；1.5 GB，需 GPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-18 (CASIA-WebFace)</source>
        <translation>识别人脸：AdaFace IR-18（CASIA-WebFace）</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-18 (VGGFace2)</source>
        <translation>识别人脸：AdaFace IR-18（VGGFace2）</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-18, the smallest AdaFace</source>
        <translation>识别人脸：AdaFace IR-18，最小的 AdaFace</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-50 (MS1MV2); for a GPU or a fast CPU</source>
        <translation>识别人脸：AdaFace IR-50（MS1MV2）；需 GPU 或快速 CPU</translation>
    </message>
    <message>
        <source>recognises faces: AdaFace IR-50; for a GPU or a fast CPU</source>
        <translation>识别人脸：AdaFace IR-50；需 GPU 或快速 CPU</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XS INT8, light and fast on an ordinary PC</source>
        <translation>识别人脸：EdgeFace-XS INT8，轻量，在普通电脑上速度快</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XS, full precision</source>
        <translation>识别人脸：EdgeFace-XS，全精度</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XXS INT8, the lightest; for a slow PC</source>
        <translation>识别人脸：EdgeFace-XXS INT8，最轻量；适合较慢的电脑</translation>
    </message>
    <message>
        <source>recognises faces: EdgeFace-XXS, full precision</source>
        <translation>识别人脸：EdgeFace-XXS，全精度</translation>
    </message>
    <message>
        <source>tells a live person from a photo or a screen (1 of 2, both needed)</source>
        <translation>区分真人与照片或屏幕（2 个中的第 1 个，两个都需要）</translation>
    </message>
    <message>
        <source>tells a live person from a photo or a screen (2 of 2, both needed)</source>
        <translation>区分真人与照片或屏幕（2 个中的第 2 个，两个都需要）</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Face kiosk: model files</source>
        <translation>人脸考勤机：模型文件</translation>
    </message>
    <message>
        <source>The kiosk needs its model files before it can recognise anyone: a face detector, a face recognizer and the two liveness models that tell a person from a photo or a phone held up. Download them below (needs an internet connection), or choose files you already have.</source>
        <translation>考勤机在识别任何人之前需要模型文件：一个人脸检测器、一个人脸识别器，以及两个用于区分真人与举起的照片或手机的活体检测模型。请在下方下载（需要联网），或选择您已有的文件。</translation>
    </message>
    <message>
        <source>Download the recommended models</source>
        <translation>下载推荐的模型</translation>
    </message>
    <message>
        <source>The models a kiosk on an ordinary PC without a GPU needs (marked &quot;recommended&quot;)</source>
        <translation>在没有 GPU 的普通电脑上运行考勤机所需的模型（标为“推荐”）</translation>
    </message>
    <message>
        <source>Use model files I have...</source>
        <translation>使用我已有的模型文件...</translation>
    </message>
    <message>
        <source>They are copied into {folder}</source>
        <translation>文件将被复制到 {folder}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start without models</source>
        <translation>不带模型启动</translation>
    </message>
    <message>
        <source>The live view will say that models are missing; Settings can download them later</source>
        <translation>实时画面会提示缺少模型；稍后可在“设置”中下载</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Missing: {models}. Download the recommended models below, or use model files you have.</source>
        <translation>缺少：{models}。请在下方下载推荐的模型，或使用您已有的模型文件。</translation>
    </message>
    <message>
        <source>The kiosk has every model it needs: press Start.</source>
        <translation>考勤机所需模型均已就绪：请点击“开始”。</translation>
    </message>
    <message>
        <source>Choose model files</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <source>{file}: {model}, copied to {place}</source>
        <translation>{file}：{model}，已复制到 {place}</translation>
    </message>
    <message>
        <source>Which model is this?</source>
        <translation>这是哪个模型？</translation>
    </message>
    <message>
        <source>{file} is not a file the kiosk knows. What is it?</source>
        <translation>考勤机不认识 {file}。它是什么？</translation>
    </message>
    <message>
        <source>{file}: used as the {kind} ({arch}) from where it is</source>
        <translation>{file}：在原位置用作{kind}（{arch}）</translation>
    </message>
    <message>
        <source>Cannot save the settings file {file}: {problem}</source>
        <translation>无法保存设置文件 {file}：{problem}</translation>
    </message>
</context>
<context>
    <name>ModelsTable</name>
    <message>
        <source>cancelled (partial file kept; Download resumes)</source>
        <translation>已取消（保留部分文件；再次下载会续传）</translation>
    </message>
    <message>
        <source>cancelled (Download starts over)</source>
        <translation>已取消（再次下载将从头开始）</translation>
    </message>
    <message>
        <source>downloading {percent}%</source>
        <translation>正在下载 {percent}%</translation>
    </message>
    <message>
        <source>{model} (recommended)</source>
        <translation>{model}（推荐）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>present</source>
        <translation>已就绪</translation>
    </message>
    <message>
        <source>present in {folder}</source>
        <translation>位于 {folder}</translation>
    </message>
    <message>
        <source>missing (no public download)</source>
        <translation>缺失（无公开下载）</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>download failed: {problem}</source>
        <translation>下载失败：{problem}</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <source>Set the admin PIN</source>
        <translation>设置管理员 PIN</translation>
    </message>
    <message>
        <source>The admin PIN protects the admin pages ({low}-{high} digits).</source>
        <translation>管理员 PIN 保护管理页面（{low}-{high} 位数字）。</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前 PIN</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>再次输入新 PIN</translation>
    </message>
    <message>
        <source>The current PIN is wrong (locked for {seconds} s).</source>
        <translation>当前 PIN 错误（锁定 {seconds} 秒）。</translation>
    </message>
    <message>
        <source>The current PIN is wrong (attempts left: {attempts}).</source>
        <translation>当前 PIN 错误（剩余尝试次数：{attempts}）。</translation>
    </message>
    <message>
        <source>The two new PINs differ.</source>
        <translation>两次输入的新 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>NoFaceEmployeeDialog</name>
    <message>
        <source>Add an employee without face data</source>
        <translation>添加无人脸数据的员工</translation>
    </message>
    <message>
        <source>They check in with their code (or badge) and this PIN; no photo, no template is taken.</source>
        <translation>他们用工号（或工牌）和此 PIN 签到；不采集照片，也不生成模板。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Check-in PIN</source>
        <translation>签到 PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <source>Give the code and the name.</source>
        <translation>请填写工号和姓名。</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>Overlay</name>
    <message>
        <source>NOT LIVE</source>
        <translation>非活体</translation>
    </message>
    <message>
        <source>Visitor {number}</source>
        <translation>访客 {number}</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Live view</source>
        <translation>实时画面</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>录入</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Kiosks</source>
        <translation>考勤机</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Admin PIN</source>
        <translation>管理员 PIN</translation>
    </message>
    <message>
        <source>Enter the admin PIN</source>
        <translation>请输入管理员 PIN</translation>
    </message>
    <message>
        <source>Wrong PIN. Attempts left before a lockout: {attempts}.</source>
        <translation>PIN 错误。锁定前剩余尝试次数：{attempts}。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {seconds} s.</source>
        <translation>PIN 错误次数过多。请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>These security settings were changed outside the app (in the settings file or on the command line):
{lines}

Enter the admin PIN to accept them, or cancel to keep running with the accepted values.</source>
        <translation>以下安全设置在应用之外被修改（在设置文件或命令行中）：
{lines}

输入管理员 PIN 以接受这些修改，或取消以继续使用已接受的值运行。</translation>
    </message>
</context>
<context>
    <name>PipelineWorker</name>
    <message>
        <source>opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <source>loading the face models…</source>
        <translation>正在加载人脸模型…</translation>
    </message>
</context>
<context>
    <name>RetentionSchedule</name>
    <message>
        <source>Retention purge failed: {problem}</source>
        <translation>按保留期限清除失败：{problem}</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>&quot;Not me&quot; at the kiosk</source>
        <translation>考勤机前的“不是我”</translation>
    </message>
    <message>
        <source>Close to the threshold</source>
        <translation>接近阈值</translation>
    </message>
    <message>
        <source>Look-alikes</source>
        <translation>相貌相似</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>check-in voided</source>
        <translation>已作废签到</translation>
    </message>
    <message>
        <source>to be re-enrolled</source>
        <translation>待重新录入</translation>
    </message>
    <message>
        <source>marked as look-alikes</source>
        <translation>已标记为相貌相似</translation>
    </message>
    <message>
        <source>At {kiosk}, the person taken for {name} said it was not them; the check-in was taken back and their face kept as not {name}.</source>
        <translation>在 {kiosk}，被识别为 {name} 的人表示不是本人；该次签到已撤回，其人脸已记录为“不是 {name}”。</translation>
    </message>
    <message>
        <source>Their templates match each other with similarity {similarity}: the kiosk tells them apart by the look-alike margin.</source>
        <translation>两人的模板彼此相似度为 {similarity}：考勤机以相貌相似差距来区分他们。</translation>
    </message>
    <message>
        <source>Similarity {similarity}, threshold {threshold}.</source>
        <translation>相似度 {similarity}，阈值 {threshold}。</translation>
    </message>
    <message>
        <source>Margin to the runner-up {margin} (at least {needed} needed).</source>
        <translation>领先第二名 {margin}（至少需要 {needed}）。</translation>
    </message>
    <message>
        <source>Decided on {looks} looks.</source>
        <translation>基于 {looks} 次观察作出判定。</translation>
    </message>
    <message>
        <source>Liveness: {verdict} (score {score}, threshold {threshold}).</source>
        <translation>活体检测：{verdict}（分数 {score}，阈值 {threshold}）。</translation>
    </message>
    <message>
        <source>Liveness: not checked.</source>
        <translation>活体检测：未检测。</translation>
    </message>
    <message>
        <source>Nothing to review in this period</source>
        <translation>此期间没有需要复核的内容</translation>
    </message>
    <message>
        <source>Enrolment photo</source>
        <translation>录入照片</translation>
    </message>
    <message>
        <source>Face at the kiosk</source>
        <translation>考勤机前的人脸</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Void the check-in…</source>
        <translation>作废签到…</translation>
    </message>
    <message>
        <source>Re-enrol…</source>
        <translation>重新录入…</translation>
    </message>
    <message>
        <source>Mark as look-alikes</source>
        <translation>标记为相貌相似</translation>
    </message>
    <message>
        <source>It stands as the kiosk decided</source>
        <translation>维持考勤机的判定</translation>
    </message>
    <message>
        <source>Two people who look alike: the kiosk keeps holding them to the look-alike margin</source>
        <translation>两人相貌相似：考勤机继续对他们采用相貌相似差距</translation>
    </message>
    <message>
        <source>No enrolment photo kept</source>
        <translation>未保存录入照片</translation>
    </message>
    <message>
        <source>No face kept</source>
        <translation>未保存人脸</translation>
    </message>
    <message>
        <source>Void the check-in</source>
        <translation>作废签到</translation>
    </message>
    <message>
        <source>Void the check-in of {name}? Why?</source>
        <translation>作废 {name} 的签到？原因？</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Resolved: {what}, {who}: {resolution}.</source>
        <translation>已处理：{what}，{who}：{resolution}。</translation>
    </message>
</context>
<context>
    <name>SettingField</name>
    <message>
        <source>Minimum confidence</source>
        <translation>最低置信度</translation>
    </message>
    <message>
        <source>Margin over the runner-up</source>
        <translation>领先第二名的差距</translation>
    </message>
    <message>
        <source>Embed a new face every N frames</source>
        <translation>每 N 帧提取一次新人脸特征</translation>
    </message>
    <message>
        <source>Run the detector every N frames</source>
        <translation>每 N 帧运行一次检测器</translation>
    </message>
    <message>
        <source>Looks before deciding who it is</source>
        <translation>判定身份前的观察次数</translation>
    </message>
    <message>
        <source>check that a live person stands in front of the camera (a photo or phone never checks in)</source>
        <translation>检查摄像头前是真人（照片或手机永远无法签到）</translation>
    </message>
    <message>
        <source>refuse a face framed by a phone&apos;s or a print&apos;s edges</source>
        <translation>拒绝被手机或打印照片边框框住的人脸</translation>
    </message>
    <message>
        <source>refuse a face with a screen&apos;s colours instead of skin&apos;s</source>
        <translation>拒绝呈现屏幕色彩而非肤色的人脸</translation>
    </message>
    <message>
        <source>when unsure, ask the person to move their head (needs the facemesh model)</source>
        <translation>不确定时，请对方转动或抬低头部（需要 facemesh 模型）</translation>
    </message>
    <message>
        <source>the camera gives a mirror image (a selfie view): swap left and right when asking</source>
        <translation>摄像头输出镜像画面（自拍视角）：提示时左右互换</translation>
    </message>
    <message>
        <source>Kiosk id</source>
        <translation>考勤机编号</translation>
    </message>
    <message>
        <source>Mode (auto: first in, later out)</source>
        <translation>模式（自动：首次为签到，之后为签退）</translation>
    </message>
    <message>
        <source>Cooldown between punches (minutes)</source>
        <translation>两次打卡之间的冷却时间（分钟）</translation>
    </message>
    <message>
        <source>Without a shift, a check-in stays open for (hours)</source>
        <translation>无班次时，签到保持未结的时长（小时）</translation>
    </message>
    <message>
        <source>Lock the admin pages after idle (minutes)</source>
        <translation>空闲多久后锁定管理页面（分钟）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>store a face thumbnail with each check-in</source>
        <translation>每次签到保存一张人脸缩略图</translation>
    </message>
    <message>
        <source>keep enrolment photos (shown next to the live face in greetings)</source>
        <translation>保留录入照片（问候时显示在实时人脸旁）</translation>
    </message>
    <message>
        <source>Language (when the app starts)</source>
        <translation>语言（应用启动时生效）</translation>
    </message>
    <message>
        <source>high contrast: white on black, yellow buttons, bold type</source>
        <translation>高对比度：黑底白字、黄色按钮、粗体字</translation>
    </message>
    <message>
        <source>chime on a check-in (and a lower tone on a refusal)</source>
        <translation>签到时响铃（被拒时响低音）</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Face detector</source>
        <translation>人脸检测器</translation>
    </message>
    <message>
        <source>Face recognizer</source>
        <translation>人脸识别器</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <source>Display and sound</source>
        <translation>显示和声音</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Video file...</source>
        <translation>视频文件...</translation>
    </message>
    <message>
        <source>Use this source</source>
        <translation>使用此来源</translation>
    </message>
    <message>
        <source>automatic (best present)</source>
        <translation>自动（已有的最佳模型）</translation>
    </message>
    <message>
        <source>this computer: ...</source>
        <translation>本机：...</translation>
    </message>
    <message>
        <source>AdaFace only. auto: fp16 on CUDA, fp32 elsewhere; bf16 on CPUs with native bf16</source>
        <translation>仅用于 AdaFace。自动：CUDA 上用 fp16，其他用 fp32；支持 bf16 的 CPU 上用 bf16</translation>
    </message>
    <message>
        <source>derive the threshold from the strangers allowed and the people enrolled</source>
        <translation>根据允许的陌生人比例和已录入人数推算阈值</translation>
    </message>
    <message>
        <source>1 in </source>
        <translation>每 </translation>
    </message>
    <message>
        <source>How many strangers (visitors, couriers) may pass before one is taken for an employee</source>
        <translation>多少位陌生人（访客、快递员）经过时，允许其中一人被误认为员工</translation>
    </message>
    <message>
        <source>the mean live score a track must reach when it is not clear at once</source>
        <translation>无法立即判定时，一条跟踪必须达到的平均活体分数</translation>
    </message>
    <message>
        <source>Change admin PIN...</source>
        <translation>更改管理员 PIN...</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Camera index or video file</source>
        <translation>摄像头编号或视频文件</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>检测器</translation>
    </message>
    <message>
        <source>Weights (registry name or file)</source>
        <translation>权重（注册表名称或文件）</translation>
    </message>
    <message>
        <source>Recognizer</source>
        <translation>识别器</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision (AdaFace)</source>
        <translation>精度（AdaFace）</translation>
    </message>
    <message>
        <source>Strangers taken for an employee</source>
        <translation>被误认为员工的陌生人</translation>
    </message>
    <message>
        <source>Fixed match threshold (cosine)</source>
        <translation>固定匹配阈值（余弦）</translation>
    </message>
    <message>
        <source>Live-score threshold</source>
        <translation>活体分数阈值</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>File...</source>
        <translation>文件...</translation>
    </message>
    <message>
        <source>this computer: {devices}</source>
        <translation>本机：{devices}</translation>
    </message>
    <message>
        <source>Settings file: {file}</source>
        <translation>设置文件：{file}</translation>
    </message>
    <message>
        <source>No open-set calibration for this recognizer: the threshold is fixed at {threshold}.</source>
        <translation>此识别器没有开集校准：阈值固定为 {threshold}。</translation>
    </message>
    <message>
        <source>1 stranger in {count}</source>
        <translation>每 {count} 位陌生人中 1 位</translation>
    </message>
    <message>
        <source>no stranger</source>
        <translation>没有陌生人</translation>
    </message>
    <message>
        <source>With {people} people enrolled, about {odds} would be taken for an employee (threshold {threshold}).</source>
        <translation>已录入 {people} 人时，大约{odds}会被误认为员工（阈值 {threshold}）。</translation>
    </message>
    <message>
        <source>This gallery is beyond what the calibration measured: the true rate may be higher.</source>
        <translation>当前人员库超出了校准测量的范围：实际比例可能更高。</translation>
    </message>
    <message>
        <source>{kind} weights {weights}: neither a known model nor an existing file</source>
        <translation>{kind}权重 {weights}：既不是已知模型，也不是现有文件</translation>
    </message>
    <message>
        <source>a recognizer weights file needs its architecture: choose the recognizer</source>
        <translation>识别器权重文件需要指定其架构：请选择识别器</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>未保存：{problem}</translation>
    </message>
    <message>
        <source>Not saved: cannot write {file}: {problem}</source>
        <translation>未保存：无法写入 {file}：{problem}</translation>
    </message>
    <message>
        <source>Saved to {file}</source>
        <translation>已保存到 {file}</translation>
    </message>
    <message>
        <source>Choose a camera index or a video file first</source>
        <translation>请先选择摄像头编号或视频文件</translation>
    </message>
    <message>
        <source>No such video file: {file}</source>
        <translation>没有这个视频文件：{file}</translation>
    </message>
    <message>
        <source>Video source: {source}</source>
        <translation>视频来源：{source}</translation>
    </message>
    <message>
        <source>Choose a video file</source>
        <translation>选择视频文件</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <source>The admin PIN was changed</source>
        <translation>管理员 PIN 已更改</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <source>Change a shift</source>
        <translation>修改班次</translation>
    </message>
    <message>
        <source>Add a shift</source>
        <translation>添加班次</translation>
    </message>
    <message>
        <source>Flexible: a number of hours any time from the start to the end, around a core time</source>
        <translation>弹性：在开始与结束之间的任意时间工作规定的小时数，须覆盖核心时段</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End (before the start: the next day)</source>
        <translation>结束（早于开始时间：即次日）</translation>
    </message>
    <message>
        <source>Unpaid break (minutes)</source>
        <translation>无薪休息（分钟）</translation>
    </message>
    <message>
        <source>Grace for late and early (minutes)</source>
        <translation>迟到早退宽限（分钟）</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Hours a day (after the break)</source>
        <translation>每日小时数（扣除休息后）</translation>
    </message>
    <message>
        <source>Core time</source>
        <translation>核心时段</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <source> (next day)</source>
        <translation>（次日）</translation>
    </message>
    <message>
        <source>{hours}:{minutes:02d} h, core {start}-{end}</source>
        <translation>{hours}:{minutes:02d} 小时，核心时段 {start}-{end}</translation>
    </message>
    <message>
        <source>No shift yet: punches pair by the open check-in</source>
        <translation>尚无班次：打卡按未结的签到配对</translation>
    </message>
    <message>
        <source>No holidays this year</source>
        <translation>今年没有节假日</translation>
    </message>
    <message>
        <source>No leave this year</source>
        <translation>今年没有请假</translation>
    </message>
    <message>
        <source>Add shift…</source>
        <translation>添加班次…</translation>
    </message>
    <message>
        <source>Change shift…</source>
        <translation>修改班次…</translation>
    </message>
    <message>
        <source>Delete shift</source>
        <translation>删除班次</translation>
    </message>
    <message>
        <source>Give shift</source>
        <translation>分配班次</translation>
    </message>
    <message>
        <source>Set department default</source>
        <translation>设为部门默认</translation>
    </message>
    <message>
        <source>Shifts and who works which</source>
        <translation>班次及人员安排</translation>
    </message>
    <message>
        <source>Holiday name</source>
        <translation>节假日名称</translation>
    </message>
    <message>
        <source>Add holiday</source>
        <translation>添加节假日</translation>
    </message>
    <message>
        <source>Import iCalendar…</source>
        <translation>导入 iCalendar…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Company holidays</source>
        <translation>公司节假日</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Add leave</source>
        <translation>添加请假</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>(their department&apos;s)</source>
        <translation>（所在部门的）</translation>
    </message>
    <message>
        <source>(no default)</source>
        <translation>（无默认）</translation>
    </message>
    <message>
        <source>Choose a shift in the list first.</source>
        <translation>请先在列表中选择一个班次。</translation>
    </message>
    <message>
        <source>Shift {name} changed.</source>
        <translation>已修改班次 {name}。</translation>
    </message>
    <message>
        <source>Shift {name} added.</source>
        <translation>已添加班次 {name}。</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>正在删除</translation>
    </message>
    <message>
        <source>Shift {name} deleted; its people have none now.</source>
        <translation>已删除班次 {name}；相关人员现在没有班次。</translation>
    </message>
    <message>
        <source>Choose a holiday in the list first.</source>
        <translation>请先在列表中选择一个节假日。</translation>
    </message>
    <message>
        <source>{day} ({name}) is a working day again.</source>
        <translation>{day}（{name}）重新成为工作日。</translation>
    </message>
    <message>
        <source>Choose leave in the list first.</source>
        <translation>请先在列表中选择一条请假。</translation>
    </message>
    <message>
        <source>Delete leave</source>
        <translation>删除请假</translation>
    </message>
    <message>
        <source>Delete the leave of {code} ({kind}), {first} to {last}? Why?</source>
        <translation>删除 {code} 的请假（{kind}），{first} 至 {last}？原因？</translation>
    </message>
    <message>
        <source>The leave of {code} from {first} to {last} was deleted.</source>
        <translation>已删除 {code} 从 {first} 到 {last} 的请假。</translation>
    </message>
    <message>
        <source>Nobody to give a shift to: enrol employees first.</source>
        <translation>没有可分配班次的人：请先录入员工。</translation>
    </message>
    <message>
        <source>No department yet: departments come from the employees.</source>
        <translation>尚无部门：部门来自员工信息。</translation>
    </message>
    <message>
        <source>Give the holiday a name.</source>
        <translation>请为节假日命名。</translation>
    </message>
    <message>
        <source>Import holidays</source>
        <translation>导入节假日</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics);;All files (*)</source>
        <translation>iCalendar 文件 (*.ics);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message numerus="yes">
        <source>%Ln holiday(s) imported from {file}.</source>
        <translation>
            <numerusform>已从 {file} 导入 %Ln 个节假日。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody to record leave for: enrol employees first.</source>
        <translation>没有可登记请假的人：请先录入员工。</translation>
    </message>
    <message>
        <source>{code}: {kind}, {first} to {last}.</source>
        <translation>{code}：{kind}，{first} 至 {last}。</translation>
    </message>
</context>
<context>
    <name>Value</name>
    <message>
        <source>in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>vacation</source>
        <translation>休假</translation>
    </message>
    <message>
        <source>sick</source>
        <translation>病假</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>present</source>
        <translation>出勤</translation>
    </message>
    <message>
        <source>late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>缺勤</translation>
    </message>
    <message>
        <source>not in yet</source>
        <translation>尚未到岗</translation>
    </message>
    <message>
        <source>missing check-out</source>
        <translation>缺少签退</translation>
    </message>
    <message>
        <source>missing check-in</source>
        <translation>缺少签到</translation>
    </message>
    <message>
        <source>on leave</source>
        <translation>请假中</translation>
    </message>
    <message>
        <source>holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>unscheduled</source>
        <translation>未排班</translation>
    </message>
    <message>
        <source>absent without leave</source>
        <translation>无故缺勤</translation>
    </message>
    <message>
        <source>punches outside the shift</source>
        <translation>班次外打卡</translation>
    </message>
    <message>
        <source>shorter than half the shift</source>
        <translation>不足半个班次</translation>
    </message>
    <message>
        <source>punched at a kiosk whose clock was off</source>
        <translation>在时钟不准的考勤机上打卡</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>失联</translation>
    </message>
    <message>
        <source>backlog</source>
        <translation>积压</translation>
    </message>
    <message>
        <source>no liveness check</source>
        <translation>未做活体检测</translation>
    </message>
    <message>
        <source>clock off</source>
        <translation>时钟不准</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>live</source>
        <translation>真人</translation>
    </message>
    <message>
        <source>attack</source>
        <translation>攻击</translation>
    </message>
    <message>
        <source>challenged</source>
        <translation>挑战中</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>detector</source>
        <translation>检测器</translation>
    </message>
    <message>
        <source>recognizer</source>
        <translation>识别器</translation>
    </message>
    <message>
        <source>liveness</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>landmarks</source>
        <translation>人脸关键点</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>the system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>kiosk</source>
        <translation>考勤机</translation>
    </message>
    <message>
        <source>retention</source>
        <translation>保留期限</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>上周</translation>
    </message>
    <message>
        <source>Last two weeks</source>
        <translation>最近两周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
</context>
<context>
    <name>_ReasonForm</name>
    <message>
        <source>Why (required; kept in the audit log)</source>
        <translation>原因（必填；保存在审计日志中）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
</TS>
