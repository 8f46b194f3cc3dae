// Floor: CPU per received message for a receiver of N loopback TCP streams, each getting one
// ~200-byte write every ITL ms (sender in another process on the other core).
// Default: edge-triggered epoll, recv until EAGAIN (two reads per message, as .NET's socket engine
// does). Fourth argument "lt": level-triggered, one recv per readiness (one read per message).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <time.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
static void pin(int c){cpu_set_t s;CPU_ZERO(&s);CPU_SET(c,&s);sched_setaffinity(0,sizeof s,&s);}
int main(int argc,char**argv){int n=argc>1?atoi(argv[1]):100, tok=argc>2?atoi(argv[2]):200, itl=argc>3?atoi(argv[3]):20, lt=argc>4&&!strcmp(argv[4],"lt");
 int ls=socket(AF_INET,SOCK_STREAM,0);struct sockaddr_in a={0};a.sin_family=AF_INET;a.sin_addr.s_addr=htonl(0x7f000001);
 bind(ls,(void*)&a,sizeof a);listen(ls,1024);socklen_t l=sizeof a;getsockname(ls,(void*)&a,&l);
 pid_t p=fork();
 if(p==0){pin(1);int fd[4096];for(int i=0;i<n;i++){fd[i]=socket(AF_INET,SOCK_STREAM,0);connect(fd[i],(void*)&a,sizeof a);int one=1;setsockopt(fd[i],IPPROTO_TCP,TCP_NODELAY,&one,4);}
  char msg[200];memset(msg,'x',sizeof msg);usleep(200000);
  for(int t=0;t<tok;t++){usleep(itl*1000);for(int i=0;i<n;i++)write(fd[i],msg,sizeof msg);} for(int i=0;i<n;i++)close(fd[i]);_exit(0);}
 pin(0);int ep=epoll_create1(0);for(int i=0;i<n;i++){int c=accept(ls,0,0);fcntl(c,F_SETFL,O_NONBLOCK);struct epoll_event e={.events=lt?EPOLLIN:EPOLLIN|EPOLLET,.data.fd=c};epoll_ctl(ep,EPOLL_CTL_ADD,c,&e);}
 struct rusage r0,r1;getrusage(RUSAGE_SELF,&r0);long bytes=0;int open=n;char buf[16384];struct epoll_event ev[256];
 while(open>0){int k=epoll_wait(ep,ev,256,-1);for(int j=0;j<k;j++){for(;;){ssize_t m=recv(ev[j].data.fd,buf,sizeof buf,0);if(m>0){bytes+=m;if(lt)break;continue;}if(m==0){close(ev[j].data.fd);open--;}break;}}}
 getrusage(RUSAGE_SELF,&r1);double us=(r1.ru_utime.tv_sec-r0.ru_utime.tv_sec)*1e6+(r1.ru_utime.tv_usec-r0.ru_utime.tv_usec)+(r1.ru_stime.tv_sec-r0.ru_stime.tv_sec)*1e6+(r1.ru_stime.tv_usec-r0.ru_stime.tv_usec);
 long msgs=bytes/200;printf("streams=%d msgs=%ld receiver cpu=%.0f us -> %.2f us/msg\n",n,msgs,us,us/msgs);waitpid(p,0,0);return 0;}
