<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AttendancePage</name>
    <message numerus="yes">
        <source>Attendance record verified: %Ln chained row(s), none changed outside the app.</source>
        <translation>
            <numerusform>Attendance record verified: %Ln chained row, none changed outside the app.</numerusform>
            <numerusform>Attendance record verified: %Ln chained rows, none changed outside the app.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Writing %Ln event(s) to {file}</source>
        <translation>
            <numerusform>Writing %Ln event to {file}</numerusform>
            <numerusform>Writing %Ln events to {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmployeesPage</name>
    <message numerus="yes">
        <source>%Ln employee(s)</source>
        <translation>
            <numerusform>%Ln employee</numerusform>
            <numerusform>%Ln employees</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln employee(s) found</source>
        <translation>
            <numerusform>%Ln employee found</numerusform>
            <numerusform>%Ln employees found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message numerus="yes">
        <source>Ready to save with %Ln photo(s).</source>
        <translation>
            <numerusform>Ready to save with %Ln photo.</numerusform>
            <numerusform>Ready to save with %Ln photos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KiosksPage</name>
    <message numerus="yes">
        <source>%Ln kiosk(s), all well.</source>
        <translation>
            <numerusform>%Ln kiosk, all well.</numerusform>
            <numerusform>%Ln kiosks, all well.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message numerus="yes">
        <source>%Ln holiday(s) imported from {file}.</source>
        <translation>
            <numerusform>%Ln holiday imported from {file}.</numerusform>
            <numerusform>%Ln holidays imported from {file}.</numerusform>
        </translation>
    </message>
</context>
</TS>
